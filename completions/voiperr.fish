# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_voiperr_global_optspecs
    string join \n color= h/help V/version
end

function __fish_voiperr_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_voiperr_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_voiperr_using_subcommand
    set -l cmd (__fish_voiperr_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c voiperr -n "__fish_voiperr_needs_command" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_needs_command" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_needs_command" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "explain" -d 'Explain reasons, HTTP codes or statuses (typo-tolerant)'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "list" -d 'List the catalog\'s reasons, filtered by resource or status'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "search" -d 'Find reasons whose name, cause, fix, endpoints or notes contain every word'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "endpoint" -d 'Show every reason and field note documented for one endpoint'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "diagnose" -d 'Read an API response, curl output or log and say what went wrong'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "man" -d 'Print a man page (roff), or write them all with --dir'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "mcp" -d 'Serve the catalog and diagnosis to AI agents (Model Context Protocol over stdio)'
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -l exact -d 'Take names literally: no alias or fuzzy match'
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -l json -d 'Print a JSON array (schema: JSON OUTPUT in `voiperr man`)'
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -l resource -d 'Only this resource: a key (`call`), a plural (`calls`) or a path (`/calls/{id}/hangup`)' -r -f -a "generic\t''
call\t''
recording\t''
flow\t''
billing\t''
number\t''
provider\t''
storage\t''
conversation\t''
message\t''
email\t''
ai\t''
rag\t''
speaking\t''
transcribe\t''
agent\t''
tag\t''
customer\t''
campaign\t''
outdial\t''
conference\t''
queue\t''
contact\t''
extension\t''
talk\t''
timeline\t''
webchat\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -l status -d 'Only this HTTP code (`409`) or canonical status (`NOT_FOUND`)' -r -f -a "INVALID_ARGUMENT\t''
UNAUTHENTICATED\t''
PAYMENT_REQUIRED\t''
PERMISSION_DENIED\t''
NOT_FOUND\t''
ALREADY_EXISTS\t''
FAILED_PRECONDITION\t''
RESOURCE_EXHAUSTED\t''
UNAVAILABLE\t''
INTERNAL\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -l group -d 'Only generic (cross-cutting) or resource-prefixed reasons' -r -f -a "generic\t''
resource\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -l format -r -f -a "table\t''
json\t''
csv\t''
markdown\t''
plain\t'One reason name per line'"
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -l all -d 'Also show the reasons the server sends that are not on the published page'
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -l resources -d 'List the resources (sections) with their reason counts instead'
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -l json -d 'Same as `--format json`'
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voiperr -n "__fish_voiperr_using_subcommand list" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand search" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand search" -l json
complete -c voiperr -n "__fish_voiperr_using_subcommand search" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand search" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand endpoint" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand endpoint" -l json
complete -c voiperr -n "__fish_voiperr_using_subcommand endpoint" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand endpoint" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -l top -d 'Rows the summary table shows before the rest share one row (JSON lists all)' -r
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -s j -l threads -d 'Threads that count a large file with `--summary`, each reading a part of it (the counts are the same with any number) [default: the number of CPUs]' -r
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -l summary -d 'One table of reason, count, HTTP code and fix instead of each error in turn (redrawn in place on a terminal while a stream is open; Ctrl-C prints it)'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -l json -d 'JSON: one object per error (NDJSON), or one object with `--summary`'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -s f -l follow -d 'Keep reading FILE as it grows, across rotation and truncation, like `tail -F` (a missing FILE is waited for)'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand completions" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand completions" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand completions" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand man" -l dir -d 'Write every page into DIR (`voiperr.1`, `voiperr-explain.1`...) instead' -r -f -a "(__fish_complete_directories)"
complete -c voiperr -n "__fish_voiperr_using_subcommand man" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand man" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand man" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand mcp" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand mcp" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand mcp" -s V -l version -d 'Print version'

# voiperr: the values of positional arguments.
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -f -a "AUTHENTICATION_REQUIRED INVALID_CREDENTIALS ACCOUNT_FROZEN PERMISSION_DENIED DIRECT_ACCESS_NOT_SUPPORTED RATE_LIMIT_EXCEEDED RESOURCE_NOT_FOUND ROUTE_NOT_FOUND INVALID_ARGUMENT INVALID_JSON_BODY INVALID_ID INVALID_REQUEST_PARAMETER MISSING_REQUEST_PARAMETER STATE_INVALID INSUFFICIENT_BALANCE REQUEST_TIMEOUT REQUEST_CANCELED SERVICE_UNAVAILABLE INTERNAL CALL_NOT_FOUND CALL_ALREADY_HANGUP CALL_STATE_INVALID GROUPCALL_NOT_FOUND RECORDING_NOT_FOUND RECORDING_ALREADY_ACTIVE RECORDING_NOT_ACTIVE FLOW_NOT_FOUND ACTIVEFLOW_NOT_FOUND FLOW_STATE_INVALID ACTIVEFLOW_ALREADY_STOPPED BILLING_NOT_FOUND BILLING_ACCOUNT_NOT_FOUND NUMBER_NOT_FOUND IDENTITY_VERIFICATION_REQUIRED PROVIDER_NOT_FOUND TRUNK_NOT_FOUND PROVIDERCALL_NOT_FOUND ACCOUNT_NOT_FOUND FILE_NOT_FOUND SIGNING_NOT_CONFIGURED CONVERSATION_ACCOUNT_NOT_FOUND CONVERSATION_NOT_FOUND MESSAGE_NOT_FOUND EMAIL_NOT_FOUND AIMESSAGE_NOT_FOUND AI_NOT_FOUND AICALL_NOT_FOUND SUMMARY_NOT_FOUND TEAM_NOT_FOUND RAG_NOT_FOUND DOCUMENT_NOT_FOUND SPEAKING_NOT_FOUND TRANSCRIBE_NOT_FOUND AGENT_NOT_FOUND TAG_NOT_FOUND ACCESSKEY_NOT_FOUND CUSTOMER_NOT_FOUND CAMPAIGN_NOT_FOUND CAMPAIGNCALL_NOT_FOUND OUTPLAN_NOT_FOUND OUTDIAL_NOT_FOUND OUTDIAL_TARGET_NOT_FOUND CONFERENCE_NOT_FOUND CONFERENCECALL_NOT_FOUND QUEUE_NOT_FOUND QUEUECALL_NOT_FOUND CONTACT_NOT_FOUND CONTACT_PHONE_NUMBER_NOT_FOUND CONTACT_EMAIL_NOT_FOUND CONTACT_TAG_NOT_FOUND EXTENSION_NOT_FOUND CHAT_NOT_FOUND TALK_MESSAGE_NOT_FOUND PARTICIPANT_NOT_FOUND INVALID_ACTIVEFLOW_ID INVALID_CALL_ID INVALID_RESOURCE_TYPE ADDRESS_ALREADY_ASSIGNED ADDRESS_ALREADY_CLAIMED ADDRESS_ALREADY_EXISTS ADDRESS_NOT_FOUND ADDRESS_TYPE_INVALID AGENT_ALREADY_EXISTS AGENT_AUTH_REQUIRED AGENT_CUSTOMER_MISMATCH AI_INSIGHT_ACTIVATION_CONFLICT AI_NOT_INSIGHT_TYPE BILLING_CHECK_FAILED CARRIER_CREDENTIALS_REJECTED CASE_CLOSED CASE_CONTINUE_FORBIDDEN CASE_NOT_CLOSED CHANNEL_NOT_FOUND CONFBRIDGE_NOT_FOUND CONTACT_HAS_NO_ADDRESSES DESTINATION_NOT_ASSOCIATED INVALID_ACTION_TYPE INVALID_ADDRESS_TARGET INVALID_ADDRESS_TYPE INVALID_ANONYMOUS_VALUE INVALID_CODECS INVALID_CONTACT_ID INVALID_FILE_TYPE INVALID_FILE_UPLOAD INVALID_FILTER INVALID_HISTORY_ID INVALID_IS_PRIMARY INVALID_REFERENCE_FILTER INVALID_RING_METHOD INVALID_ROUTING_METHOD INVALID_SESSION_ID INVALID_SINCE INVALID_TAG_IDS INVALID_THEME_CONFIG INVALID_TOOL_NAMES INVALID_USERNAME_FORMAT INVALID_VARIABLES INVALID_WEBHOOK_METHOD INVALID_WEBHOOK_URI INVALID_WIDGET_ID OUTBOUND_CONFIG_NOT_FOUND PIPECATCALL_NOT_FOUND RESOURCE_LIMIT_EXCEEDED SOURCE_NOT_OWNED STT_NOT_CONFIGURED TRANSCRIBE_ALREADY_PROGRESSING UNKNOWN_PLAN_TYPE"
complete -c voiperr -n "__fish_voiperr_using_subcommand completions" -f -a "bash elvish fish powershell zsh"
complete -c voiperr -n "__fish_voiperr_using_subcommand endpoint" -f -a "GET POST PUT DELETE PATCH /accesskeys/{id} /activeflows /agents /agents/{id} /agents/{id}/addresses /agents/{id}/direct_hash_regenerate /agents/{id}/password /agents/{id}/permission /agents/{id}/status /agents/{id}/tag_ids /aggregated-events /aicalls/{id} /aimessages /aimessages/{id} /ais /ais/{id} /ais/{id}/activate_insight /ais/{id}/direct_hash_regenerate /ais/{id}/prompt_histories/{history_id} /aisummaries/{id} /auth/boot /auth/delegate /auth/email_verify /auth/login /auth/password_forgot /auth/password_reset /auth/signup /auth/unregister /billings/{billing_id} /calls /calls/{id} /calls/{id}/hangup /calls/{id}/media_stream /calls/{id}/recording_start /calls/{id}/recording_stop /campaigncalls/{id} /campaigns /campaigns/{id} /campaigns/{id}/actions /campaigns/{id}/campaigncalls /campaigns/{id}/next_campaign_id /campaigns/{id}/resource_info /campaigns/{id}/service_level /campaigns/{id}/status /conferencecalls/{id} /conferences /conferences/{id} /conferences/{id}/direct_hash_regenerate /conferences/{id}/media_stream /conferences/{id}/recording_start /conferences/{id}/recording_stop /conferences/{id}/transcribe_start /conferences/{id}/transcribe_stop /contact_addresses /contact_addresses/{id}/claim /contact_cases/{id}/continue /contact_cases/{id}/messages /contact_interactions /contact_peer_events /contacts /contacts/lookup /contacts/{id} /contacts/{id}/addresses /contacts/{id}/emails /contacts/{id}/emails/{email_id} /contacts/{id}/phone-numbers /contacts/{id}/phone-numbers/{phone_number_id} /contacts/{id}/tags /contacts/{id}/tags/{tag_id} /conversation-accounts/{id} /conversations/{id} /conversations/{id}/messages /customers/{id} /emails /emails/{id} /extensions /extensions/{id} /extensions/{id}/direct_hash_regenerate /flows /flows/{id} /groupcalls /me /messages /messages/{id} /numbers /numbers/renew /outbound_configs/{id} /outdials/{id} /outdials/{id}/campaign_id /outdials/{id}/data /outdials/{id}/targets /outdials/{id}/targets/{target_id} /outplans/{id} /outplans/{id}/dial_info /providers /providers/setup /providers/{id} /queuecalls/reference_id/{id}/kick /queuecalls/{id} /queuecalls/{id}/kick /queues /queues/{id} /queues/{id}/direct_hash_regenerate /queues/{id}/routing_method /queues/{id}/tag_ids /rags/{id} /rags/{id}/sources /rags/{id}/sources/{source_id} /recordingfiles/{id} /service_agents/aicalls /service_agents/aimessages /service_agents/contact_addresses /service_agents/contact_addresses/{id}/claim /service_agents/contact_cases/{id}/assign /service_agents/contact_interactions /service_agents/contact_peer_events /service_agents/contacts /service_agents/contacts/{id}/addresses /service_agents/conversations/{id} /service_agents/files /service_agents/files/{id} /service_agents/files/{id}/file /service_agents/talk_chats/{id} /service_agents/talk_chats/{id}/join /service_agents/talk_chats/{id}/participants /service_agents/talk_chats/{id}/participants/{id} /service_agents/talk_chats/{id}/participants/{participant_id} /service_agents/talk_messages/{id} /service_agents/talk_messages/{id}/reactions /service_agents/talk_messages?chat_id={chat_id} /service_agents/transcribes /service_agents/ws /speakings/{id} /speakings/{id}/flush /speakings/{id}/say /speakings/{id}/stop /storage-accounts/{id} /storage_files /storage_files/{id} /storage_files/{id}/file /tags/{id} /teams/{id} /teams/{id}/direct_hash_regenerate /timelines/{resource_type}/{resource_id}/events /transcribes /transcribes/{id} /transcribes/{id}/stop /trunks /v1.0/auth/email_verify /v1.0/auth/signup /webchat_messages /webchat_sessions /webchat_widgets /webchat_widgets/{id} /ws"
complete -c voiperr -n "__fish_voiperr_using_subcommand man" -f -a "explain list search endpoint diagnose completions man mcp"

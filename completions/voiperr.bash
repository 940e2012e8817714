_voiperr() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="voiperr"
                ;;
            voiperr,completions)
                cmd="voiperr__subcmd__completions"
                ;;
            voiperr,diagnose)
                cmd="voiperr__subcmd__diagnose"
                ;;
            voiperr,endpoint)
                cmd="voiperr__subcmd__endpoint"
                ;;
            voiperr,enrich)
                cmd="voiperr__subcmd__enrich"
                ;;
            voiperr,explain)
                cmd="voiperr__subcmd__explain"
                ;;
            voiperr,list)
                cmd="voiperr__subcmd__list"
                ;;
            voiperr,man)
                cmd="voiperr__subcmd__man"
                ;;
            voiperr,mcp)
                cmd="voiperr__subcmd__mcp"
                ;;
            voiperr,search)
                cmd="voiperr__subcmd__search"
                ;;
            voiperr,site)
                cmd="voiperr__subcmd__site"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        voiperr)
            opts="-h -V --color --no-pager --docs-url --help --version explain list search endpoint diagnose completions man site enrich mcp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__completions)
            opts="-h -V --color --no-pager --docs-url --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__diagnose)
            opts="-f -j -h -V --summary --top --json --follow --threads --format --fail-on --reason --status --path --request-id --since --until --check --check-limit --profile --api-url --color --no-pager --docs-url --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --top)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --threads)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -j)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "text json summary github junit bundle" -- "${cur}"))
                    return 0
                    ;;
                --fail-on)
                    COMPREPLY=($(compgen -W "any 4xx 5xx unknown not-retryable never-sent 429" -- "${cur}"))
                    return 0
                    ;;
                --reason)
                    COMPREPLY=($(compgen -W "AUTHENTICATION_REQUIRED INVALID_CREDENTIALS ACCOUNT_FROZEN PERMISSION_DENIED DIRECT_ACCESS_NOT_SUPPORTED RATE_LIMIT_EXCEEDED RESOURCE_NOT_FOUND ROUTE_NOT_FOUND INVALID_ARGUMENT INVALID_JSON_BODY INVALID_ID INVALID_REQUEST_PARAMETER MISSING_REQUEST_PARAMETER STATE_INVALID INSUFFICIENT_BALANCE REQUEST_TIMEOUT REQUEST_CANCELED SERVICE_UNAVAILABLE INTERNAL CALL_NOT_FOUND CALL_ALREADY_HANGUP CALL_STATE_INVALID GROUPCALL_NOT_FOUND RECORDING_NOT_FOUND RECORDING_ALREADY_ACTIVE RECORDING_NOT_ACTIVE FLOW_NOT_FOUND ACTIVEFLOW_NOT_FOUND FLOW_STATE_INVALID ACTIVEFLOW_ALREADY_STOPPED BILLING_NOT_FOUND BILLING_ACCOUNT_NOT_FOUND NUMBER_NOT_FOUND IDENTITY_VERIFICATION_REQUIRED PROVIDER_NOT_FOUND TRUNK_NOT_FOUND PROVIDERCALL_NOT_FOUND ACCOUNT_NOT_FOUND FILE_NOT_FOUND SIGNING_NOT_CONFIGURED CONVERSATION_ACCOUNT_NOT_FOUND CONVERSATION_NOT_FOUND MESSAGE_NOT_FOUND EMAIL_NOT_FOUND AIMESSAGE_NOT_FOUND AI_NOT_FOUND AICALL_NOT_FOUND SUMMARY_NOT_FOUND TEAM_NOT_FOUND RAG_NOT_FOUND DOCUMENT_NOT_FOUND SPEAKING_NOT_FOUND TRANSCRIBE_NOT_FOUND AGENT_NOT_FOUND TAG_NOT_FOUND ACCESSKEY_NOT_FOUND CUSTOMER_NOT_FOUND CAMPAIGN_NOT_FOUND CAMPAIGNCALL_NOT_FOUND OUTPLAN_NOT_FOUND OUTDIAL_NOT_FOUND OUTDIAL_TARGET_NOT_FOUND CONFERENCE_NOT_FOUND CONFERENCECALL_NOT_FOUND QUEUE_NOT_FOUND QUEUECALL_NOT_FOUND CONTACT_NOT_FOUND CONTACT_PHONE_NUMBER_NOT_FOUND CONTACT_EMAIL_NOT_FOUND CONTACT_TAG_NOT_FOUND EXTENSION_NOT_FOUND CHAT_NOT_FOUND TALK_MESSAGE_NOT_FOUND PARTICIPANT_NOT_FOUND INVALID_ACTIVEFLOW_ID INVALID_CALL_ID INVALID_RESOURCE_TYPE ADDRESS_ALREADY_ASSIGNED ADDRESS_ALREADY_CLAIMED ADDRESS_ALREADY_EXISTS ADDRESS_NOT_FOUND ADDRESS_TYPE_INVALID AGENT_ALREADY_EXISTS AGENT_AUTH_REQUIRED AGENT_CUSTOMER_MISMATCH AI_INSIGHT_ACTIVATION_CONFLICT AI_NOT_INSIGHT_TYPE BILLING_CHECK_FAILED CARRIER_CREDENTIALS_REJECTED CASE_CLOSED CASE_CONTINUE_FORBIDDEN CASE_NOT_CLOSED CHANNEL_NOT_FOUND CONFBRIDGE_NOT_FOUND CONTACT_HAS_NO_ADDRESSES DESTINATION_NOT_ASSOCIATED INVALID_ACTION_TYPE INVALID_ADDRESS_TARGET INVALID_ADDRESS_TYPE INVALID_ANONYMOUS_VALUE INVALID_CODECS INVALID_CONTACT_ID INVALID_FILE_TYPE INVALID_FILE_UPLOAD INVALID_FILTER INVALID_HISTORY_ID INVALID_IS_PRIMARY INVALID_REFERENCE_FILTER INVALID_RING_METHOD INVALID_ROUTING_METHOD INVALID_SESSION_ID INVALID_SINCE INVALID_TAG_IDS INVALID_THEME_CONFIG INVALID_TOOL_NAMES INVALID_USERNAME_FORMAT INVALID_VARIABLES INVALID_WEBHOOK_METHOD INVALID_WEBHOOK_URI INVALID_WIDGET_ID OUTBOUND_CONFIG_NOT_FOUND PIPECATCALL_NOT_FOUND RESOURCE_LIMIT_EXCEEDED SOURCE_NOT_OWNED STT_NOT_CONFIGURED TRANSCRIBE_ALREADY_PROGRESSING UNKNOWN_PLAN_TYPE" -- "${cur}"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "4xx 5xx 400 401 402 403 404 409 429 500 502 503 504" -- "${cur}"))
                    return 0
                    ;;
                --path)
                    COMPREPLY=($(compgen -W "GET POST PUT DELETE PATCH /accesskeys/{id} /activeflows /agents /agents/{id} /agents/{id}/addresses /agents/{id}/direct_hash_regenerate /agents/{id}/password /agents/{id}/permission /agents/{id}/status /agents/{id}/tag_ids /aggregated-events /aicalls/{id} /aimessages /aimessages/{id} /ais /ais/{id} /ais/{id}/activate_insight /ais/{id}/direct_hash_regenerate /ais/{id}/prompt_histories/{history_id} /aisummaries/{id} /auth/boot /auth/delegate /auth/email_verify /auth/login /auth/password_forgot /auth/password_reset /auth/signup /auth/unregister /billings/{billing_id} /calls /calls/{id} /calls/{id}/hangup /calls/{id}/hold /calls/{id}/media_stream /calls/{id}/moh /calls/{id}/mute /calls/{id}/recording_start /calls/{id}/recording_stop /calls/{id}/silence /calls/{id}/talk /campaigncalls/{id} /campaigns /campaigns/{id} /campaigns/{id}/actions /campaigns/{id}/campaigncalls /campaigns/{id}/next_campaign_id /campaigns/{id}/resource_info /campaigns/{id}/service_level /campaigns/{id}/status /conferencecalls/{id} /conferences /conferences/{id} /conferences/{id}/direct_hash_regenerate /conferences/{id}/media_stream /conferences/{id}/recording_start /conferences/{id}/recording_stop /conferences/{id}/transcribe_start /conferences/{id}/transcribe_stop /contact_addresses /contact_addresses/{id}/claim /contact_cases/{id}/continue /contact_cases/{id}/messages /contact_interactions /contact_peer_events /contacts /contacts/lookup /contacts/{id} /contacts/{id}/addresses /contacts/{id}/emails /contacts/{id}/emails/{email_id} /contacts/{id}/phone-numbers /contacts/{id}/phone-numbers/{phone_number_id} /contacts/{id}/tags /contacts/{id}/tags/{tag_id} /conversation-accounts/{id} /conversations/{id} /conversations/{id}/messages /customers/{id} /emails /emails/{id} /extensions /extensions/{id} /extensions/{id}/direct_hash_regenerate /flows /flows/{id} /groupcalls /me /messages /messages/{id} /numbers /numbers/renew /outbound_configs/{id} /outdials/{id} /outdials/{id}/campaign_id /outdials/{id}/data /outdials/{id}/targets /outdials/{id}/targets/{target_id} /outplans/{id} /outplans/{id}/dial_info /providers /providers/setup /providers/{id} /queuecalls/reference_id/{id}/kick /queuecalls/{id} /queuecalls/{id}/kick /queues /queues/{id} /queues/{id}/direct_hash_regenerate /queues/{id}/routing_method /queues/{id}/tag_ids /rags/{id} /rags/{id}/sources /rags/{id}/sources/{source_id} /recordingfiles/{id} /routes/{id} /service_agents/aicalls /service_agents/aimessages /service_agents/contact_addresses /service_agents/contact_addresses/{id}/claim /service_agents/contact_cases/{id}/assign /service_agents/contact_interactions /service_agents/contact_peer_events /service_agents/contacts /service_agents/contacts/{id}/addresses /service_agents/conversations/{id} /service_agents/files /service_agents/files/{id} /service_agents/files/{id}/file /service_agents/talk_chats/{id} /service_agents/talk_chats/{id}/join /service_agents/talk_chats/{id}/participants /service_agents/talk_chats/{id}/participants/{id} /service_agents/talk_chats/{id}/participants/{participant_id} /service_agents/talk_messages/{id} /service_agents/talk_messages/{id}/reactions /service_agents/talk_messages?chat_id={chat_id} /service_agents/transcribes /service_agents/ws /speakings/{id} /speakings/{id}/flush /speakings/{id}/say /speakings/{id}/stop /storage-accounts/{id} /storage_files /storage_files/{id} /storage_files/{id}/file /tags/{id} /teams/{id} /teams/{id}/direct_hash_regenerate /timelines/{resource_type}/{resource_id}/events /transcribes /transcribes/{id} /transcribes/{id}/stop /trunks /v1.0/auth/boot /v1.0/auth/email_verify /v1.0/auth/password_forgot /v1.0/auth/password_reset /v1.0/auth/signup /v1.0/auth/unregister /webchat_messages /webchat_sessions /webchat_widgets /webchat_widgets/{id} /ws" -- "${cur}"))
                    return 0
                    ;;
                --request-id)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --check-limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__endpoint)
            opts="-v -h -V --verbose --json --color --no-pager --docs-url --help --version GET POST PUT DELETE PATCH /accesskeys/{id} /activeflows /agents /agents/{id} /agents/{id}/addresses /agents/{id}/direct_hash_regenerate /agents/{id}/password /agents/{id}/permission /agents/{id}/status /agents/{id}/tag_ids /aggregated-events /aicalls/{id} /aimessages /aimessages/{id} /ais /ais/{id} /ais/{id}/activate_insight /ais/{id}/direct_hash_regenerate /ais/{id}/prompt_histories/{history_id} /aisummaries/{id} /auth/boot /auth/delegate /auth/email_verify /auth/login /auth/password_forgot /auth/password_reset /auth/signup /auth/unregister /billings/{billing_id} /calls /calls/{id} /calls/{id}/hangup /calls/{id}/hold /calls/{id}/media_stream /calls/{id}/moh /calls/{id}/mute /calls/{id}/recording_start /calls/{id}/recording_stop /calls/{id}/silence /calls/{id}/talk /campaigncalls/{id} /campaigns /campaigns/{id} /campaigns/{id}/actions /campaigns/{id}/campaigncalls /campaigns/{id}/next_campaign_id /campaigns/{id}/resource_info /campaigns/{id}/service_level /campaigns/{id}/status /conferencecalls/{id} /conferences /conferences/{id} /conferences/{id}/direct_hash_regenerate /conferences/{id}/media_stream /conferences/{id}/recording_start /conferences/{id}/recording_stop /conferences/{id}/transcribe_start /conferences/{id}/transcribe_stop /contact_addresses /contact_addresses/{id}/claim /contact_cases/{id}/continue /contact_cases/{id}/messages /contact_interactions /contact_peer_events /contacts /contacts/lookup /contacts/{id} /contacts/{id}/addresses /contacts/{id}/emails /contacts/{id}/emails/{email_id} /contacts/{id}/phone-numbers /contacts/{id}/phone-numbers/{phone_number_id} /contacts/{id}/tags /contacts/{id}/tags/{tag_id} /conversation-accounts/{id} /conversations/{id} /conversations/{id}/messages /customers/{id} /emails /emails/{id} /extensions /extensions/{id} /extensions/{id}/direct_hash_regenerate /flows /flows/{id} /groupcalls /me /messages /messages/{id} /numbers /numbers/renew /outbound_configs/{id} /outdials/{id} /outdials/{id}/campaign_id /outdials/{id}/data /outdials/{id}/targets /outdials/{id}/targets/{target_id} /outplans/{id} /outplans/{id}/dial_info /providers /providers/setup /providers/{id} /queuecalls/reference_id/{id}/kick /queuecalls/{id} /queuecalls/{id}/kick /queues /queues/{id} /queues/{id}/direct_hash_regenerate /queues/{id}/routing_method /queues/{id}/tag_ids /rags/{id} /rags/{id}/sources /rags/{id}/sources/{source_id} /recordingfiles/{id} /routes/{id} /service_agents/aicalls /service_agents/aimessages /service_agents/contact_addresses /service_agents/contact_addresses/{id}/claim /service_agents/contact_cases/{id}/assign /service_agents/contact_interactions /service_agents/contact_peer_events /service_agents/contacts /service_agents/contacts/{id}/addresses /service_agents/conversations/{id} /service_agents/files /service_agents/files/{id} /service_agents/files/{id}/file /service_agents/talk_chats/{id} /service_agents/talk_chats/{id}/join /service_agents/talk_chats/{id}/participants /service_agents/talk_chats/{id}/participants/{id} /service_agents/talk_chats/{id}/participants/{participant_id} /service_agents/talk_messages/{id} /service_agents/talk_messages/{id}/reactions /service_agents/talk_messages?chat_id={chat_id} /service_agents/transcribes /service_agents/ws /speakings/{id} /speakings/{id}/flush /speakings/{id}/say /speakings/{id}/stop /storage-accounts/{id} /storage_files /storage_files/{id} /storage_files/{id}/file /tags/{id} /teams/{id} /teams/{id}/direct_hash_regenerate /timelines/{resource_type}/{resource_id}/events /transcribes /transcribes/{id} /transcribes/{id}/stop /trunks /v1.0/auth/boot /v1.0/auth/email_verify /v1.0/auth/password_forgot /v1.0/auth/password_reset /v1.0/auth/signup /v1.0/auth/unregister /webchat_messages /webchat_sessions /webchat_widgets /webchat_widgets/{id} /ws"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__enrich)
            opts="-h -V --rsyslog --color --no-pager --docs-url --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__explain)
            opts="-v -h -V --exact --all --verbose --json --color --no-pager --docs-url --help --version AUTHENTICATION_REQUIRED INVALID_CREDENTIALS ACCOUNT_FROZEN PERMISSION_DENIED DIRECT_ACCESS_NOT_SUPPORTED RATE_LIMIT_EXCEEDED RESOURCE_NOT_FOUND ROUTE_NOT_FOUND INVALID_ARGUMENT INVALID_JSON_BODY INVALID_ID INVALID_REQUEST_PARAMETER MISSING_REQUEST_PARAMETER STATE_INVALID INSUFFICIENT_BALANCE REQUEST_TIMEOUT REQUEST_CANCELED SERVICE_UNAVAILABLE INTERNAL CALL_NOT_FOUND CALL_ALREADY_HANGUP CALL_STATE_INVALID GROUPCALL_NOT_FOUND RECORDING_NOT_FOUND RECORDING_ALREADY_ACTIVE RECORDING_NOT_ACTIVE FLOW_NOT_FOUND ACTIVEFLOW_NOT_FOUND FLOW_STATE_INVALID ACTIVEFLOW_ALREADY_STOPPED BILLING_NOT_FOUND BILLING_ACCOUNT_NOT_FOUND NUMBER_NOT_FOUND IDENTITY_VERIFICATION_REQUIRED PROVIDER_NOT_FOUND TRUNK_NOT_FOUND PROVIDERCALL_NOT_FOUND ACCOUNT_NOT_FOUND FILE_NOT_FOUND SIGNING_NOT_CONFIGURED CONVERSATION_ACCOUNT_NOT_FOUND CONVERSATION_NOT_FOUND MESSAGE_NOT_FOUND EMAIL_NOT_FOUND AIMESSAGE_NOT_FOUND AI_NOT_FOUND AICALL_NOT_FOUND SUMMARY_NOT_FOUND TEAM_NOT_FOUND RAG_NOT_FOUND DOCUMENT_NOT_FOUND SPEAKING_NOT_FOUND TRANSCRIBE_NOT_FOUND AGENT_NOT_FOUND TAG_NOT_FOUND ACCESSKEY_NOT_FOUND CUSTOMER_NOT_FOUND CAMPAIGN_NOT_FOUND CAMPAIGNCALL_NOT_FOUND OUTPLAN_NOT_FOUND OUTDIAL_NOT_FOUND OUTDIAL_TARGET_NOT_FOUND CONFERENCE_NOT_FOUND CONFERENCECALL_NOT_FOUND QUEUE_NOT_FOUND QUEUECALL_NOT_FOUND CONTACT_NOT_FOUND CONTACT_PHONE_NUMBER_NOT_FOUND CONTACT_EMAIL_NOT_FOUND CONTACT_TAG_NOT_FOUND EXTENSION_NOT_FOUND CHAT_NOT_FOUND TALK_MESSAGE_NOT_FOUND PARTICIPANT_NOT_FOUND INVALID_ACTIVEFLOW_ID INVALID_CALL_ID INVALID_RESOURCE_TYPE ADDRESS_ALREADY_ASSIGNED ADDRESS_ALREADY_CLAIMED ADDRESS_ALREADY_EXISTS ADDRESS_NOT_FOUND ADDRESS_TYPE_INVALID AGENT_ALREADY_EXISTS AGENT_AUTH_REQUIRED AGENT_CUSTOMER_MISMATCH AI_INSIGHT_ACTIVATION_CONFLICT AI_NOT_INSIGHT_TYPE BILLING_CHECK_FAILED CARRIER_CREDENTIALS_REJECTED CASE_CLOSED CASE_CONTINUE_FORBIDDEN CASE_NOT_CLOSED CHANNEL_NOT_FOUND CONFBRIDGE_NOT_FOUND CONTACT_HAS_NO_ADDRESSES DESTINATION_NOT_ASSOCIATED INVALID_ACTION_TYPE INVALID_ADDRESS_TARGET INVALID_ADDRESS_TYPE INVALID_ANONYMOUS_VALUE INVALID_CODECS INVALID_CONTACT_ID INVALID_FILE_TYPE INVALID_FILE_UPLOAD INVALID_FILTER INVALID_HISTORY_ID INVALID_IS_PRIMARY INVALID_REFERENCE_FILTER INVALID_RING_METHOD INVALID_ROUTING_METHOD INVALID_SESSION_ID INVALID_SINCE INVALID_TAG_IDS INVALID_THEME_CONFIG INVALID_TOOL_NAMES INVALID_USERNAME_FORMAT INVALID_VARIABLES INVALID_WEBHOOK_METHOD INVALID_WEBHOOK_URI INVALID_WIDGET_ID OUTBOUND_CONFIG_NOT_FOUND PIPECATCALL_NOT_FOUND RESOURCE_LIMIT_EXCEEDED SOURCE_NOT_OWNED STT_NOT_CONFIGURED TRANSCRIBE_ALREADY_PROGRESSING UNKNOWN_PLAN_TYPE"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__list)
            opts="-h -V --resource --status --group --all --resources --format --json --color --no-pager --docs-url --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --resource)
                    COMPREPLY=($(compgen -W "generic call recording flow billing number provider storage conversation message email ai rag speaking transcribe agent tag customer campaign outdial conference queue contact extension talk timeline webchat" -- "${cur}"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -W "INVALID_ARGUMENT UNAUTHENTICATED PAYMENT_REQUIRED PERMISSION_DENIED NOT_FOUND ALREADY_EXISTS FAILED_PRECONDITION RESOURCE_EXHAUSTED UNAVAILABLE INTERNAL" -- "${cur}"))
                    return 0
                    ;;
                --group)
                    COMPREPLY=($(compgen -W "generic resource" -- "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table json csv markdown plain" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__man)
            opts="-h -V --dir --color --no-pager --docs-url --help --version explain list search endpoint diagnose completions man site enrich mcp"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__mcp)
            opts="-h -V --color --no-pager --docs-url --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__search)
            opts="-h -V --json --color --no-pager --docs-url --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__site)
            opts="-h -V --out --color --no-pager --docs-url --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --out)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --docs-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _voiperr -o nosort -o bashdefault -o default voiperr
else
    complete -F _voiperr -o bashdefault -o default voiperr
fi

# voiperr: reason names in any case (`call_al` completes to CALL_AL...),
# `--flag=value`, and files for `diagnose`.
_voiperr_any_case() {
    local cur="$2" prev="$3" word
    if [[ "$prev" == "=" && $COMP_CWORD -ge 2 ]]; then
        prev="${COMP_WORDS[COMP_CWORD-2]}"
    fi
    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
        # A FILE, unless the word before is an option that takes a value.
        if [[ "$word" == diagnose && "$cur" != -* ]]; then
            case "$prev" in
                --top|--threads|-j|--format|--fail-on|--reason|--status|--path|--request-id|--since|--until|--check-limit|--profile|--api-url|--color|--docs-url) break ;;
            esac
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0
        fi
    done
    _voiperr "$1" "$cur" "$prev"
    if [[ "$cur" != -* ]]; then
        # A value was asked for: options only when nothing else fits.
        local values=() candidate
        for candidate in "${COMPREPLY[@]}"; do
            [[ "$candidate" != -* ]] && values+=("$candidate")
        done
        [[ ${#values[@]} -gt 0 ]] && COMPREPLY=("${values[@]}")
    fi
    if [[ ${#COMPREPLY[@]} -eq 0 && -n "$cur" && "$cur" != -* ]]; then
        local upper="${cur^^}"
        upper="${upper//-/_}"
        local typed="${COMP_WORDS[COMP_CWORD]}"
        COMP_WORDS[COMP_CWORD]="$upper"
        _voiperr "$1" "$upper" "$prev"
        COMP_WORDS[COMP_CWORD]="$typed"
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _voiperr_any_case -o nosort -o bashdefault -o default voiperr
else
    complete -F _voiperr_any_case -o bashdefault -o default voiperr
fi

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
            voiperr,explain)
                cmd="voiperr__subcmd__explain"
                ;;
            voiperr,help)
                cmd="voiperr__subcmd__help"
                ;;
            voiperr,list)
                cmd="voiperr__subcmd__list"
                ;;
            voiperr,man)
                cmd="voiperr__subcmd__man"
                ;;
            voiperr,search)
                cmd="voiperr__subcmd__search"
                ;;
            voiperr__subcmd__help,completions)
                cmd="voiperr__subcmd__help__subcmd__completions"
                ;;
            voiperr__subcmd__help,diagnose)
                cmd="voiperr__subcmd__help__subcmd__diagnose"
                ;;
            voiperr__subcmd__help,endpoint)
                cmd="voiperr__subcmd__help__subcmd__endpoint"
                ;;
            voiperr__subcmd__help,explain)
                cmd="voiperr__subcmd__help__subcmd__explain"
                ;;
            voiperr__subcmd__help,help)
                cmd="voiperr__subcmd__help__subcmd__help"
                ;;
            voiperr__subcmd__help,list)
                cmd="voiperr__subcmd__help__subcmd__list"
                ;;
            voiperr__subcmd__help,man)
                cmd="voiperr__subcmd__help__subcmd__man"
                ;;
            voiperr__subcmd__help,search)
                cmd="voiperr__subcmd__help__subcmd__search"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        voiperr)
            opts="-h -V --color --help --version explain list search endpoint diagnose completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
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
            opts="-h -V --color --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
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
            opts="-f -h -V --summary --top --json --follow --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --top)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
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
            opts="-h -V --json --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
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
            opts="-h -V --exact --json --color --help --version AUTHENTICATION_REQUIRED INVALID_CREDENTIALS ACCOUNT_FROZEN PERMISSION_DENIED DIRECT_ACCESS_NOT_SUPPORTED RATE_LIMIT_EXCEEDED RESOURCE_NOT_FOUND ROUTE_NOT_FOUND INVALID_ARGUMENT INVALID_JSON_BODY INVALID_ID INVALID_REQUEST_PARAMETER MISSING_REQUEST_PARAMETER STATE_INVALID INSUFFICIENT_BALANCE REQUEST_TIMEOUT REQUEST_CANCELED SERVICE_UNAVAILABLE INTERNAL CALL_NOT_FOUND CALL_ALREADY_HANGUP CALL_STATE_INVALID GROUPCALL_NOT_FOUND RECORDING_NOT_FOUND RECORDING_ALREADY_ACTIVE RECORDING_NOT_ACTIVE FLOW_NOT_FOUND ACTIVEFLOW_NOT_FOUND FLOW_STATE_INVALID ACTIVEFLOW_ALREADY_STOPPED BILLING_NOT_FOUND BILLING_ACCOUNT_NOT_FOUND NUMBER_NOT_FOUND IDENTITY_VERIFICATION_REQUIRED PROVIDER_NOT_FOUND TRUNK_NOT_FOUND PROVIDERCALL_NOT_FOUND ACCOUNT_NOT_FOUND FILE_NOT_FOUND SIGNING_NOT_CONFIGURED CONVERSATION_ACCOUNT_NOT_FOUND CONVERSATION_NOT_FOUND MESSAGE_NOT_FOUND EMAIL_NOT_FOUND AIMESSAGE_NOT_FOUND AI_NOT_FOUND AICALL_NOT_FOUND SUMMARY_NOT_FOUND TEAM_NOT_FOUND RAG_NOT_FOUND DOCUMENT_NOT_FOUND SPEAKING_NOT_FOUND TRANSCRIBE_NOT_FOUND AGENT_NOT_FOUND TAG_NOT_FOUND ACCESSKEY_NOT_FOUND CUSTOMER_NOT_FOUND CAMPAIGN_NOT_FOUND CAMPAIGNCALL_NOT_FOUND OUTPLAN_NOT_FOUND OUTDIAL_NOT_FOUND OUTDIAL_TARGET_NOT_FOUND CONFERENCE_NOT_FOUND CONFERENCECALL_NOT_FOUND QUEUE_NOT_FOUND QUEUECALL_NOT_FOUND CONTACT_NOT_FOUND CONTACT_PHONE_NUMBER_NOT_FOUND CONTACT_EMAIL_NOT_FOUND CONTACT_TAG_NOT_FOUND EXTENSION_NOT_FOUND CHAT_NOT_FOUND TALK_MESSAGE_NOT_FOUND PARTICIPANT_NOT_FOUND INVALID_ACTIVEFLOW_ID INVALID_CALL_ID INVALID_RESOURCE_TYPE ADDRESS_ALREADY_ASSIGNED ADDRESS_ALREADY_CLAIMED ADDRESS_ALREADY_EXISTS ADDRESS_NOT_FOUND ADDRESS_TYPE_INVALID AGENT_ALREADY_EXISTS AGENT_AUTH_REQUIRED AGENT_CUSTOMER_MISMATCH AI_INSIGHT_ACTIVATION_CONFLICT AI_NOT_INSIGHT_TYPE BILLING_CHECK_FAILED CARRIER_CREDENTIALS_REJECTED CASE_CLOSED CASE_CONTINUE_FORBIDDEN CASE_NOT_CLOSED CHANNEL_NOT_FOUND CONFBRIDGE_NOT_FOUND CONTACT_HAS_NO_ADDRESSES DESTINATION_NOT_ASSOCIATED INVALID_ACTION_TYPE INVALID_ADDRESS_TARGET INVALID_ADDRESS_TYPE INVALID_ANONYMOUS_VALUE INVALID_CODECS INVALID_CONTACT_ID INVALID_FILE_TYPE INVALID_FILE_UPLOAD INVALID_FILTER INVALID_HISTORY_ID INVALID_IS_PRIMARY INVALID_REFERENCE_FILTER INVALID_RING_METHOD INVALID_ROUTING_METHOD INVALID_SESSION_ID INVALID_SINCE INVALID_TAG_IDS INVALID_THEME_CONFIG INVALID_TOOL_NAMES INVALID_USERNAME_FORMAT INVALID_VARIABLES INVALID_WEBHOOK_METHOD INVALID_WEBHOOK_URI INVALID_WIDGET_ID OUTBOUND_CONFIG_NOT_FOUND PIPECATCALL_NOT_FOUND RESOURCE_LIMIT_EXCEEDED SOURCE_NOT_OWNED STT_NOT_CONFIGURED TRANSCRIBE_ALREADY_PROGRESSING UNKNOWN_PLAN_TYPE"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help)
            opts="explain list search endpoint diagnose completions man help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help__subcmd__diagnose)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help__subcmd__endpoint)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help__subcmd__explain)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__help__subcmd__search)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__list)
            opts="-h -V --resource --status --group --all --resources --format --json --color --help --version"
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
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        voiperr__subcmd__man)
            opts="-h -V --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
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
            opts="-h -V --json --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
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

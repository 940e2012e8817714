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
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c voiperr -n "__fish_voiperr_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -l exact -d 'Take names literally: no alias or fuzzy match'
complete -c voiperr -n "__fish_voiperr_using_subcommand explain" -l json -d 'Print a JSON array (schema in README)'
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
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -l summary -d 'One table of reason, count, HTTP code and fix instead of each error in turn (redrawn in place on a terminal while a stream is open; Ctrl-C prints it)'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -l json -d 'JSON: one object per error (NDJSON), or one object with `--summary`'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -s f -l follow -d 'Keep reading FILE as it grows, across rotation and truncation, like `tail -F`'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand diagnose" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand completions" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand completions" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand completions" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand man" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voiperr -n "__fish_voiperr_using_subcommand man" -s h -l help -d 'Print help'
complete -c voiperr -n "__fish_voiperr_using_subcommand man" -s V -l version -d 'Print version'
complete -c voiperr -n "__fish_voiperr_using_subcommand help; and not __fish_seen_subcommand_from explain list search endpoint diagnose completions man help" -f -a "explain" -d 'Explain reasons, HTTP codes or statuses (typo-tolerant)'
complete -c voiperr -n "__fish_voiperr_using_subcommand help; and not __fish_seen_subcommand_from explain list search endpoint diagnose completions man help" -f -a "list" -d 'List the catalog\'s reasons, filtered by resource or status'
complete -c voiperr -n "__fish_voiperr_using_subcommand help; and not __fish_seen_subcommand_from explain list search endpoint diagnose completions man help" -f -a "search" -d 'Find reasons whose name, cause, fix, endpoints or notes contain every word'
complete -c voiperr -n "__fish_voiperr_using_subcommand help; and not __fish_seen_subcommand_from explain list search endpoint diagnose completions man help" -f -a "endpoint" -d 'Show every reason and field note documented for one endpoint'
complete -c voiperr -n "__fish_voiperr_using_subcommand help; and not __fish_seen_subcommand_from explain list search endpoint diagnose completions man help" -f -a "diagnose" -d 'Read an API response, curl output or log and say what went wrong'
complete -c voiperr -n "__fish_voiperr_using_subcommand help; and not __fish_seen_subcommand_from explain list search endpoint diagnose completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c voiperr -n "__fish_voiperr_using_subcommand help; and not __fish_seen_subcommand_from explain list search endpoint diagnose completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c voiperr -n "__fish_voiperr_using_subcommand help; and not __fish_seen_subcommand_from explain list search endpoint diagnose completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'

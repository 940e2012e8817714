
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'voiperr' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'voiperr'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'voiperr' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain reasons, HTTP codes or statuses (typo-tolerant)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the catalog''s reasons, filtered by resource or status')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find reasons whose name, cause, fix, endpoints or notes contain every word')
            [CompletionResult]::new('endpoint', 'endpoint', [CompletionResultType]::ParameterValue, 'Show what one endpoint answers (one merged list), or the nearest routes the server serves')
            [CompletionResult]::new('diagnose', 'diagnose', [CompletionResultType]::ParameterValue, 'Read an API response, curl output or log and say what went wrong')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write them all with --dir')
            [CompletionResult]::new('site', 'site', [CompletionResultType]::ParameterValue, 'Write the catalog as a static site: a page per reason, endpoint, resource and HTTP code')
            [CompletionResult]::new('enrich', 'enrich', [CompletionResultType]::ParameterValue, 'Add each log message''s diagnosis to it, inside a log shipper (rsyslog''s mmexternal)')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the catalog and diagnosis to AI agents (Model Context Protocol over stdio)')
            break
        }
        'voiperr;explain' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'Take names literally: no alias, word or fuzzy match')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Under an HTTP code or status, also list the reasons the page gives for it that the server never sends (every reason the catalog has for it)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also show the routes, the page''s endpoints and the server''s source (`file:line`) behind each card; `--json` always has them')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also show the routes, the page''s endpoints and the server''s source (`file:line`) behind each card; `--json` always has them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array (schema: JSON OUTPUT in `voiperr man`)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;list' {
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Only this resource: a key (`call`), a plural (`calls`) or a path (`/calls/{id}/hangup`)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only this HTTP code (`409`) or canonical status (`NOT_FOUND`)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only generic (cross-cutting) or resource-prefixed reasons')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the list')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also show the reasons the server sends that are not on the published page')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'List the resources (sections) with their reason counts instead')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as `--format json`')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;search' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of the matching reasons (schema: JSON OUTPUT in `voiperr man`)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;endpoint' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also show each route''s answers with the server''s source (`file:line`) and the field notes'' routes; `--json` always has them')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also show each route''s answers with the server''s source (`file:line`) and the field notes'' routes; `--json` always has them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the endpoint''s reasons and field notes as JSON (schema: JSON OUTPUT in `voiperr man`)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;diagnose' {
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Rows the summary table shows before the rest share one row (JSON lists all)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Threads that count a large file with `--summary`, each reading a part of it (the counts are the same with any number) [default: the number of CPUs]')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Threads that count a large file with `--summary`, each reading a part of it (the counts are the same with any number) [default: the number of CPUs]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the errors: `text`, `json` (as --json), `summary` (as --summary), `github` (workflow commands that annotate a GitHub Actions run), `junit` (JUnit XML, one test case per failed call) or `bundle` (each diagnosis, then its exchange''s input lines, masked: one text for a support ticket, e.g. with --request-id)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when an error of one of these classes is diagnosed, 0 when none is: any, 4xx, 5xx, a code (429) or range (500-504), a reason name, unknown (not in the catalog), not-retryable (the advice is not to retry unchanged), never-sent (a reason the server is not known to send). Comma-separated or repeated')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Only errors with this reason (comma-separated or repeated: any of them)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only errors with this HTTP code or range: 404, 4xx, 500-504 (comma-separated or repeated)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only errors of requests to this endpoint, matched as `endpoint` matches: `/calls/{id}`, `POST /calls`, `/calls/*` (repeated: any of them)')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'Only errors with this request ID (the envelope''s `request_id`, or an `X-Request-Id` header; comma-separated or repeated)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only errors logged at or after this time, read from the input''s lines (ISO 8601, Go''s `log`, the common log format): 2026-11-24, 2026-11-24T10:00:00Z, ''2026-11-24 10:00:00+01:00''. An error whose lines carry no time is left out')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only errors logged at or before this time (see --since)')
            [CompletionResult]::new('--check-limit', '--check-limit', [CompletionResultType]::ParameterName, 'Most GETs one run sends (one per distinct resource)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The ~/.vn/config.yaml profile whose access_key and api_url to use [default: its current_profile]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The API base to check against [default: the profile''s api_url, else https://api.voipbin.net/v1.0]: https only, or http to this machine (127.0.0.1, ::1, localhost)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'One table of reason, count, HTTP code and fix instead of each error in turn (redrawn in place on a terminal while a stream is open; Ctrl-C prints it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'JSON: one object per error (NDJSON), or one object with `--summary`')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep reading FILE as it grows, across rotation and truncation, like `tail -F` (a missing FILE is waited for)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep reading FILE as it grows, across rotation and truncation, like `tail -F` (a missing FILE is waited for)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Confirm each diagnosis with one read-only GET to the VoIPbin API, where the catalog knows one (the call, number or flow the failed request named, or the account): it says what it found and whether that confirms, contradicts or leaves open the diagnosis. The access key is found as `vn` finds it: VN_ACCESS_KEY, else ~/.vn/config.yaml. Without --check voiperr never touches the network')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page into DIR (`voiperr.1`, `voiperr-explain.1`...) instead')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;site' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The directory to write the site into (created if missing; files of the same name are replaced). Open DIR/index.html, or publish DIR on any static host')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;enrich' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--rsyslog', '--rsyslog', [CompletionResultType]::ParameterName, 'Speak rsyslog''s mmexternal protocol (`interface.input="fulljson"`): each input line is a message as JSON, each output line `{"$!":{"voiperr":{...}}}` for a VoIPbin error in its `msg`, else `{}`, written at once')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'voiperr;mcp' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--docs-url', '--docs-url', [CompletionResultType]::ParameterName, 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

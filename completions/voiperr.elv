
use builtin;
use str;

set edit:completion:arg-completer[voiperr] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'voiperr'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'voiperr'= {
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand explain 'Explain reasons, HTTP codes or statuses (typo-tolerant)'
            cand list 'List the catalog''s reasons, filtered by resource or status'
            cand search 'Find reasons whose name, cause, fix, endpoints or notes contain every word'
            cand endpoint 'Show what one endpoint answers (one merged list), or the nearest routes the server serves'
            cand diagnose 'Read an API response, curl output or log and say what went wrong'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff), or write them all with --dir'
            cand site 'Write the catalog as a static site: a page per reason, endpoint, resource and HTTP code'
            cand enrich 'Add each log message''s diagnosis to it, inside a log shipper (rsyslog''s mmexternal)'
            cand mcp 'Serve the catalog and diagnosis to AI agents (Model Context Protocol over stdio)'
        }
        &'voiperr;explain'= {
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --exact 'Take names literally: no alias, word or fuzzy match'
            cand --all 'Under an HTTP code or status, also list the reasons the page gives for it that the server never sends (every reason the catalog has for it)'
            cand -v 'Also show the routes, the page''s endpoints and the server''s source (`file:line`) behind each card; `--json` always has them'
            cand --verbose 'Also show the routes, the page''s endpoints and the server''s source (`file:line`) behind each card; `--json` always has them'
            cand --json 'Print a JSON array (schema: JSON OUTPUT in `voiperr man`)'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;list'= {
            cand --resource 'Only this resource: a key (`call`), a plural (`calls`) or a path (`/calls/{id}/hangup`)'
            cand --status 'Only this HTTP code (`409`) or canonical status (`NOT_FOUND`)'
            cand --group 'Only generic (cross-cutting) or resource-prefixed reasons'
            cand --format 'How to print the list'
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --all 'Also show the reasons the server sends that are not on the published page'
            cand --resources 'List the resources (sections) with their reason counts instead'
            cand --json 'Same as `--format json`'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;search'= {
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --json 'Print a JSON array of the matching reasons (schema: JSON OUTPUT in `voiperr man`)'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;endpoint'= {
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand -v 'Also show each route''s answers with the server''s source (`file:line`) and the field notes'' routes; `--json` always has them'
            cand --verbose 'Also show each route''s answers with the server''s source (`file:line`) and the field notes'' routes; `--json` always has them'
            cand --json 'Print the endpoint''s reasons and field notes as JSON (schema: JSON OUTPUT in `voiperr man`)'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;diagnose'= {
            cand --top 'Rows the summary table shows before the rest share one row (JSON lists all)'
            cand -j 'Threads that count a large file with `--summary`, each reading a part of it (the counts are the same with any number) [default: the number of CPUs]'
            cand --threads 'Threads that count a large file with `--summary`, each reading a part of it (the counts are the same with any number) [default: the number of CPUs]'
            cand --format 'How to write the errors: `text`, `json` (as --json), `summary` (as --summary), `github` (workflow commands that annotate a GitHub Actions run), `junit` (JUnit XML, one test case per failed call) or `bundle` (each diagnosis, then its exchange''s input lines, masked: one text for a support ticket, e.g. with --request-id)'
            cand --fail-on 'Exit 1 when an error of one of these classes is diagnosed, 0 when none is: any, 4xx, 5xx, a code (429) or range (500-504), a reason name, unknown (not in the catalog), not-retryable (the advice is not to retry unchanged), never-sent (a reason the server is not known to send). Comma-separated or repeated'
            cand --reason 'Only errors with this reason (comma-separated or repeated: any of them)'
            cand --status 'Only errors with this HTTP code or range: 404, 4xx, 500-504 (comma-separated or repeated)'
            cand --path 'Only errors of requests to this endpoint, matched as `endpoint` matches: `/calls/{id}`, `POST /calls`, `/calls/*` (repeated: any of them)'
            cand --request-id 'Only errors with this request ID (the envelope''s `request_id`, or an `X-Request-Id` header; comma-separated or repeated)'
            cand --since 'Only errors logged at or after this time, read from the input''s lines (ISO 8601, Go''s `log`, the common log format): 2026-11-24, 2026-11-24T10:00:00Z, ''2026-11-24 10:00:00+01:00''. An error whose lines carry no time is left out'
            cand --until 'Only errors logged at or before this time (see --since)'
            cand --check-limit 'Most GETs one run sends (one per distinct resource)'
            cand --profile 'The ~/.vn/config.yaml profile whose access_key and api_url to use [default: its current_profile]'
            cand --api-url 'The API base to check against [default: the profile''s api_url, else https://api.voipbin.net/v1.0]: https only, or http to this machine (127.0.0.1, ::1, localhost)'
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --summary 'One table of reason, count, HTTP code and fix instead of each error in turn (redrawn in place on a terminal while a stream is open; Ctrl-C prints it)'
            cand --json 'JSON: one object per error (NDJSON), or one object with `--summary`'
            cand -f 'Keep reading FILE as it grows, across rotation and truncation, like `tail -F` (a missing FILE is waited for)'
            cand --follow 'Keep reading FILE as it grows, across rotation and truncation, like `tail -F` (a missing FILE is waited for)'
            cand --check 'Confirm each diagnosis with one read-only GET to the VoIPbin API, where the catalog knows one (the call, number or flow the failed request named, or the account): it says what it found and whether that confirms, contradicts or leaves open the diagnosis. The access key is found as `vn` finds it: VN_ACCESS_KEY, else ~/.vn/config.yaml. Without --check voiperr never touches the network'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;completions'= {
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;man'= {
            cand --dir 'Write every page into DIR (`voiperr.1`, `voiperr-explain.1`...) instead'
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;site'= {
            cand --out 'The directory to write the site into (created if missing; files of the same name are replaced). Open DIR/index.html, or publish DIR on any static host'
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;enrich'= {
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --rsyslog 'Speak rsyslog''s mmexternal protocol (`interface.input="fulljson"`): each input line is a message as JSON, each output line `{"$!":{"voiperr":{...}}}` for a VoIPbin error in its `msg`, else `{}`, written at once'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'voiperr;mcp'= {
            cand --color 'When to use color'
            cand --docs-url 'Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a `doc_url`, text a `See` line with the page''s URL'
            cand --no-pager 'Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER, then PAGER, else `less -FRX`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}

# What Perl programs print when a VoIPbin call fails, captured for real.
#
# usage: perl perl_clients.pl STYLE METHOD URL   (Debian's libwww-perl, libmojolicious-perl)
#   perl-lwp        LWP::UserAgent, `die $res->status_line` as its documentation's synopsis
#                   does: `404 Not Found at perl_clients.pl line N.`
#   perl-lwp-dump   LWP::UserAgent, `print $res->as_string` (HTTP::Response's dump:
#                   status line, headers with LWP's Client-* additions, body)
#   perl-http-tiny  HTTP::Tiny (core Perl), dying with the status, reason, URL and content
#                   as its documentation's example names them
#   perl-mojo       Mojo::UserAgent, `die "$err->{code} response: $err->{message}"` as
#                   Mojo::Transaction's documentation says
use strict;
use warnings;

my ($style, $method, $url) = @ARGV;

if ($style eq 'perl-lwp' || $style eq 'perl-lwp-dump') {
    require LWP::UserAgent;
    require HTTP::Request;
    my $ua = LWP::UserAgent->new;
    my $res = $ua->request(HTTP::Request->new($method => $url));
    if ($style eq 'perl-lwp-dump') {
        print $res->as_string;
    } elsif ($res->is_success) {
        print $res->decoded_content;
    } else {
        die $res->status_line;
    }
} elsif ($style eq 'perl-http-tiny') {
    require HTTP::Tiny;
    my $res = HTTP::Tiny->new->request($method, $url);
    die "$method $res->{url} failed: $res->{status} $res->{reason}\n$res->{content}\n"
        unless $res->{success};
    print $res->{content};
} elsif ($style eq 'perl-mojo') {
    require Mojo::UserAgent;
    my $tx = Mojo::UserAgent->new->start(Mojo::UserAgent->new->build_tx($method => $url));
    if (my $err = $tx->error) {
        die "$err->{code} response: $err->{message}" if $err->{code};
        die "Connection error: $err->{message}";
    }
    print $tx->res->body;
} else {
    die "unknown style $style\n";
}

// What a Go program using go-resty prints when a VoIPbin call fails, captured
// for real (Debian's golang-github-go-resty-resty-dev; capture.sh builds it).
//
// usage: go_resty METHOD URL
//
// The client in debug mode, as resty's README shows it: its logger prints the
// request and the response (STATUS, HEADERS, a pretty-printed BODY) between
// rules of `=`, with a timestamp and the duration.
package main

import (
	"log"
	"os"

	"github.com/go-resty/resty/v2"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatalf("usage: go_resty METHOD URL")
	}
	resp, err := resty.New().SetDebug(true).R().Execute(os.Args[1], os.Args[2])
	if err != nil {
		log.Fatalf("voipbin: %v", err)
	}
	if resp.IsError() {
		os.Exit(1)
	}
}

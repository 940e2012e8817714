// What Go programs print when a VoIPbin call fails, captured for real.
//
// usage: go run go_clients.go STYLE METHOD URL   (the standard library only)
//
//	go-errorf       the common `fmt.Errorf("unexpected status: %s", resp.Status)`,
//	                reported by the caller with log.Fatalf (a timestamp, exit 1)
//	go-errorf-body  the same error wrapped with the request and the body:
//	                `%s %s: unexpected status: %s: %s`
package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
)

func call(style, method, url string) error {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 300 {
		return nil
	}
	if style == "go-errorf" {
		return fmt.Errorf("unexpected status: %s", resp.Status)
	}
	body, _ := io.ReadAll(resp.Body)
	return fmt.Errorf("%s %s: unexpected status: %s: %s", method, url, resp.Status, body)
}

func main() {
	if len(os.Args) != 4 {
		log.Fatalf("usage: go_clients STYLE METHOD URL")
	}
	style, method, url := os.Args[1], os.Args[2], os.Args[3]
	if style != "go-errorf" && style != "go-errorf-body" {
		log.Fatalf("unknown style %s", style)
	}
	if err := call(style, method, url); err != nil {
		log.Fatalf("voipbin: %v", err)
	}
}

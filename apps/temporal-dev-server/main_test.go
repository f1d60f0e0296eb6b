package main

import (
	"io"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
)

// The command line @temporalio/testing (core-bridge ephemeral_server) gives `temporal server start-dev`.
func TestParsesTheFlagsTemporalioTestingPasses(t *testing.T) {
	o, err := parseArgs([]string{
		"server", "start-dev", "--port", "7999", "--namespace", "chibo", "--ip", "127.0.0.1",
		"--log-format", "pretty", "--log-level", "warn",
		"--dynamic-config-value", "frontend.enableServerVersionCheck=false",
		"--dynamic-config-value", "frontend.enableUpdateWorkflowExecution=true",
		"--dynamic-config-value", "limit.numPendingChildExecutions.error=5000",
		"--dynamic-config-value", `system.someList=["a",1]`,
		"--db-filename", "/tmp/x.sqlite", "--headless",
		"--search-attribute", "ChiboOrg=Keyword", "--search-attribute", "ChiboCount=Int",
		"--ui-port", "8233",
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.port != 7999 || o.ip != "127.0.0.1" || o.dbFilename != "/tmp/x.sqlite" || o.logLevel != "warn" || o.logFormat != "pretty" {
		t.Fatalf("options: %+v", o)
	}
	if len(o.namespaces) != 1 || o.namespaces[0] != "chibo" {
		t.Fatalf("namespaces: %v", o.namespaces)
	}
	if o.dynamicConfig["frontend.enableServerVersionCheck"] != false || o.dynamicConfig["limit.numPendingChildExecutions.error"] != 5000 {
		t.Fatalf("dynamic config: %#v", o.dynamicConfig)
	}
	if list, ok := o.dynamicConfig["system.someList"].([]any); !ok || list[0] != "a" || list[1] != 1 {
		t.Fatalf("list value: %#v", o.dynamicConfig["system.someList"])
	}
	if o.searchAttributes["ChiboOrg"] != enumspb.INDEXED_VALUE_TYPE_KEYWORD || o.searchAttributes["ChiboCount"] != enumspb.INDEXED_VALUE_TYPE_INT {
		t.Fatalf("search attributes: %v", o.searchAttributes)
	}
	if len(o.ignored) != 1 || o.ignored[0] != "--ui-port" { // there is no UI
		t.Fatalf("ignored: %v", o.ignored)
	}
}

func TestDefaultsAndRefusals(t *testing.T) {
	o, err := parseArgs(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.port != 7233 || o.namespaces[0] != "default" || o.dbFilename != "" {
		t.Fatalf("defaults: %+v", o)
	}
	dc := dynamicConfig(o)
	for key, value := range dc {
		if key.String() == "frontend.enableserverversioncheck" && value != false {
			t.Fatalf("the version check must be off by default")
		}
	}
	for _, bad := range [][]string{
		{"--search-attribute", "X=Nope"},
		{"--log-level", "loud"},
		{"--sqlite-pragma", "cache_size=1"},
		{"--no-such-flag"},
		{"server", "stop"},
		{"--tls-cert", "c.pem"},
		{"--tls-cert", "c.pem", "--tls-key", "k.pem"},
		{"--tls-require-client-cert"},
	} {
		if _, err := parseArgs(bad, io.Discard); err == nil {
			t.Errorf("%v: want an error", bad)
		}
	}
}

func TestTLSOnTheFrontendAndTheSystemWorker(t *testing.T) {
	o, err := parseArgs([]string{"--tls-cert", "/c/server.pem", "--tls-key", "/c/server.key", "--tls-ca", "/c/ca.pem", "--tls-require-client-cert"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := serverConfig(o, nil)
	if err != nil {
		t.Fatal(err)
	}
	server := c.Global.TLS.Frontend.Server
	if server.CertFile != "/c/server.pem" || server.KeyFile != "/c/server.key" || !server.RequireClientAuth || len(server.ClientCAFiles) != 1 || server.ClientCAFiles[0] != "/c/ca.pem" {
		t.Fatalf("frontend TLS: %+v", server)
	}
	worker := c.Global.TLS.SystemWorker
	if worker.CertFile != "/c/server.pem" || len(worker.Client.RootCAFiles) != 1 || worker.Client.ServerName != "localhost" {
		t.Fatalf("system worker TLS: %+v", worker)
	}
}

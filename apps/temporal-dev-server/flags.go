package main

// The command line: the flags of `temporal server start-dev` that chibo (and @temporalio/testing) pass, parsed into
// options, and the small helpers that turn their values into the server's (dynamic config values, search attribute
// types, free ports).

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/headers"
)

// options are the parsed command line.
type options struct {
	ip            string
	port          int
	httpPort      int
	metricsPort   int
	pprofPort     int
	namespaces    []string
	dbFilename    string
	logLevel      string
	logFormat     string
	logConfig     bool
	pragmas       map[string]string
	dynamicConfig map[string]any
	// search attribute name -> type, in the order given (for the ready line)
	searchAttributes map[string]enumspb.IndexedValueType
	saOrder          []string
	ignored          []string
	// TLS on the frontend (none when tlsCert is empty); tlsCA signs the server's certificate and, with
	// tlsRequireClientCert, the clients' (mutual TLS, as a production cluster or Temporal Cloud asks).
	tlsCert, tlsKey, tlsCA string
	tlsRequireClientCert   bool
}

// repeated is a flag that may be given more than once.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// ignoredFlag accepts a value and records that it was ignored.
type ignoredFlag struct {
	name string
	into *[]string
}

func (f ignoredFlag) String() string { return "" }
func (f ignoredFlag) Set(string) error {
	*f.into = append(*f.into, "--"+f.name)
	return nil
}

type ignoredBool struct{ ignoredFlag }

func (ignoredBool) IsBoolFlag() bool { return true }

const usage = `usage: temporal-dev-server [server start-dev] [flags]

chibo's Temporal development server: go.temporal.io/server %s on SQLite (frontend, history, matching, worker).

Flags (those of ` + "`temporal server start-dev`" + ` that chibo and @temporalio/testing use):
  -p, --port N                      frontend gRPC port (default 7233)
      --ip ADDR                     address to bind (default 127.0.0.1)
      --http-port N                 frontend HTTP port (default: a free port)
      --metrics-port N              Prometheus metrics port (default: no metrics)
      --pprof-port N                pprof port (default: off)
  -n, --namespace NAME              namespace to register before start (repeatable; default "default")
  -f, --db-filename PATH            SQLite file to keep data in (created with its schema if missing; default: in memory)
      --sqlite-pragma K=V           journal_mode or synchronous (repeatable)
      --search-attribute NAME=TYPE  custom search attribute on every namespace (repeatable; Keyword, Text, Int,
                                    Double, Bool, Datetime, KeywordList)
      --dynamic-config-value K=V    dynamic config value, V as JSON (repeatable)
      --log-level LEVEL             debug, info, warn, error or never (default warn)
      --log-format FORMAT           text, pretty or json (default text)
      --log-config                  print the server config before starting
      --tls-cert PATH, --tls-key PATH
                                    serve the frontend over TLS with this certificate and key (PEM)
      --tls-ca PATH                 the CA that signed it (the server's own worker checks the frontend with it)
      --tls-require-client-cert     mutual TLS: clients must present a certificate signed by --tls-ca
      --headless, --ui-port N, --ui-ip, --ui-asset-path, --ui-codec-endpoint, --ui-public-path
                                    accepted; this server has no web UI
`

func parseArgs(args []string, stderr io.Writer) (*options, error) {
	// `server start-dev` as the Temporal CLI takes it; the words are optional here.
	if len(args) >= 2 && args[0] == "server" && args[1] == "start-dev" {
		args = args[2:]
	} else if len(args) >= 1 && args[0] == "start-dev" {
		args = args[1:]
	} else if len(args) >= 1 && (args[0] == "server" || args[0] == "version" || args[0] == "--version" || args[0] == "-v") {
		if args[0] != "server" {
			return nil, errVersion
		}
		return nil, fmt.Errorf("only `server start-dev` is supported, not %q", strings.Join(args, " "))
	}

	o := &options{pragmas: map[string]string{}, dynamicConfig: map[string]any{}, searchAttributes: map[string]enumspb.IndexedValueType{}}
	fs := flag.NewFlagSet("temporal-dev-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, usage, headers.ServerVersion) }
	var namespaces, pragmas, dynamic, attributes repeated
	fs.StringVar(&o.ip, "ip", "127.0.0.1", "")
	fs.IntVar(&o.port, "port", 7233, "")
	fs.IntVar(&o.port, "p", 7233, "")
	fs.IntVar(&o.httpPort, "http-port", 0, "")
	fs.IntVar(&o.metricsPort, "metrics-port", 0, "")
	fs.IntVar(&o.pprofPort, "pprof-port", 0, "")
	fs.Var(&namespaces, "namespace", "")
	fs.Var(&namespaces, "n", "")
	fs.StringVar(&o.dbFilename, "db-filename", "", "")
	fs.StringVar(&o.dbFilename, "f", "", "")
	fs.Var(&pragmas, "sqlite-pragma", "")
	fs.Var(&dynamic, "dynamic-config-value", "")
	fs.Var(&attributes, "search-attribute", "")
	fs.StringVar(&o.logLevel, "log-level", "warn", "")
	fs.StringVar(&o.logFormat, "log-format", "text", "")
	fs.BoolVar(&o.logConfig, "log-config", false, "")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "")
	fs.StringVar(&o.tlsKey, "tls-key", "", "")
	fs.StringVar(&o.tlsCA, "tls-ca", "", "")
	fs.BoolVar(&o.tlsRequireClientCert, "tls-require-client-cert", false, "")
	// The UI and the CLI's client/global flags: accepted so that a command line written for the CLI runs.
	for _, name := range []string{"ui-port", "ui-ip", "ui-asset-path", "ui-codec-endpoint", "ui-public-path",
		"env", "env-file", "config-file", "profile", "time-format", "color", "output", "o", "command-timeout",
		"client-connect-timeout"} {
		fs.Var(ignoredFlag{name, &o.ignored}, name, "")
	}
	var headless bool // what this server always is
	fs.BoolVar(&headless, "headless", false, "")
	for _, name := range []string{"ui-disable-news-fetch", "disable-config-file", "disable-config-env",
		"no-json-shorthand-payloads"} {
		fs.Var(ignoredBool{ignoredFlag{name, &o.ignored}}, name, "")
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	o.namespaces = uniq(namespaces)
	if len(o.namespaces) == 0 {
		o.namespaces = []string{"default"}
	}
	for _, kv := range pragmas {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || (k != "journal_mode" && k != "synchronous") {
			return nil, fmt.Errorf("--sqlite-pragma %q: want journal_mode=V or synchronous=V", kv)
		}
		o.pragmas[k] = v
	}
	for _, kv := range dynamic {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--dynamic-config-value %q: want KEY=VALUE", kv)
		}
		o.dynamicConfig[k] = parseValue(v)
	}
	for _, kv := range attributes {
		name, typ, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("--search-attribute %q: want NAME=TYPE", kv)
		}
		t, err := indexedValueType(typ)
		if err != nil {
			return nil, fmt.Errorf("--search-attribute %q: %w", kv, err)
		}
		if _, seen := o.searchAttributes[name]; !seen {
			o.saOrder = append(o.saOrder, name)
		}
		o.searchAttributes[name] = t
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return nil, errors.New("--tls-cert and --tls-key go together")
	}
	if o.tlsCert != "" && o.tlsCA == "" {
		return nil, errors.New("--tls-cert needs --tls-ca (the server's own worker verifies the frontend with it)")
	}
	if o.tlsRequireClientCert && o.tlsCert == "" {
		return nil, errors.New("--tls-require-client-cert needs --tls-cert, --tls-key and --tls-ca")
	}
	switch o.logLevel {
	case "debug", "info", "warn", "error", "never":
	default:
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn, error or never", o.logLevel)
	}
	switch o.logFormat {
	case "text", "pretty", "json":
	default:
		return nil, fmt.Errorf("--log-format %q: want text, pretty or json", o.logFormat)
	}
	return o, nil
}

var errVersion = errors.New("version")

func uniq(values []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// parseValue reads a dynamic config value as JSON (integers as int, which the server's int settings need);
// a value that is not JSON is taken as a string.
func parseValue(raw string) any {
	dec := json.NewDecoder(bytes.NewBufferString(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return raw
	}
	return normalize(v)
}

func normalize(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return int(i)
		}
		f, _ := v.Float64()
		return f
	case map[string]any:
		for k, e := range v {
			v[k] = normalize(e)
		}
		return v
	case []any:
		for i, e := range v {
			v[i] = normalize(e)
		}
		return v
	default:
		return v
	}
}

func indexedValueType(name string) (enumspb.IndexedValueType, error) {
	switch strings.ToLower(strings.TrimPrefix(strings.ToUpper(name), "INDEXED_VALUE_TYPE_")) {
	case "text":
		return enumspb.INDEXED_VALUE_TYPE_TEXT, nil
	case "keyword":
		return enumspb.INDEXED_VALUE_TYPE_KEYWORD, nil
	case "int":
		return enumspb.INDEXED_VALUE_TYPE_INT, nil
	case "double":
		return enumspb.INDEXED_VALUE_TYPE_DOUBLE, nil
	case "bool":
		return enumspb.INDEXED_VALUE_TYPE_BOOL, nil
	case "datetime":
		return enumspb.INDEXED_VALUE_TYPE_DATETIME, nil
	case "keywordlist", "keyword_list":
		return enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST, nil
	}
	return enumspb.INDEXED_VALUE_TYPE_UNSPECIFIED, fmt.Errorf("unknown type %q (Keyword, Text, Int, Double, Bool, Datetime, KeywordList)", name)
}

// freePorts asks the kernel for n distinct ports that are free on ip, none equal to avoid: every listener stays
// open until all are chosen, so the kernel cannot hand out one port twice.
func freePorts(ip string, n int, avoid int) ([]int, error) {
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			_ = l.Close()
		}
	}()
	var ports []int
	for len(ports) < n {
		l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		if p := l.Addr().(*net.TCPAddr).Port; p != avoid {
			ports = append(ports, p)
		}
	}
	return ports, nil
}

func hostPort(ip string, port int) string { return net.JoinHostPort(ip, strconv.Itoa(port)) }

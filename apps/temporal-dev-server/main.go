// Command temporal-dev-server is chibo's own Temporal development server: the real Temporal server
// (go.temporal.io/server, frontend + history + matching + worker in one process) on SQLite, in memory or in a
// file. It accepts the flags of `temporal server start-dev` that @temporalio/testing passes, so it stands in
// for the Temporal CLI:
//
//	temporal-dev-server server start-dev --port 7233 --namespace default --ip 127.0.0.1 \
//	  --log-format pretty --log-level warn --dynamic-config-value frontend.enableServerVersionCheck=false \
//	  --db-filename /tmp/t.db --headless --search-attribute ChiboOrg=Keyword
//
// Namespaces and custom search attributes are written into the store before the server starts, so they exist
// when the frontend first answers. The server never calls out of this machine: the version check is off unless
// a --dynamic-config-value turns it back on. There is no web UI: the UI flags are accepted and ignored.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/headers"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	"go.temporal.io/server/common/metrics"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

const clusterName = "active"

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

// sqlConfig is the SQLite store: a file (its schema created when the file is new) or a shared in-memory database.
func sqlConfig(o *options) (*config.SQL, error) {
	sql := &config.SQL{PluginName: sqliteplugin.PluginName, ConnectAttributes: map[string]string{}}
	if o.dbFilename == "" {
		sql.ConnectAttributes["mode"] = "memory"
		sql.ConnectAttributes["cache"] = "shared"
		sql.DatabaseName = strconv.Itoa(rand.Intn(1 << 30))
	} else {
		sql.ConnectAttributes["mode"] = "rwc"
		sql.DatabaseName = o.dbFilename
	}
	for k, v := range o.pragmas {
		sql.ConnectAttributes[k] = v
	}
	if o.dbFilename != "" {
		if _, err := os.Stat(o.dbFilename); errors.Is(err, os.ErrNotExist) {
			if _, err := os.Stat(filepath.Dir(o.dbFilename)); err != nil {
				return nil, fmt.Errorf("the folder of --db-filename: %w", err)
			}
			if err := sqliteschema.SetupSchema(sql); err != nil {
				return nil, fmt.Errorf("creating the SQLite schema in %s: %w", o.dbFilename, err)
			}
		} else if err != nil {
			return nil, err
		}
	}
	// Namespaces (with the custom search attributes) straight into the store: no namespace-cache wait after start.
	// An existing namespace is left as it is.
	var namespaces []*sqliteschema.NamespaceConfig
	for _, name := range o.namespaces {
		ns, err := sqliteschema.NewNamespaceConfig(clusterName, name, false, o.searchAttributes)
		if err != nil {
			return nil, fmt.Errorf("namespace %s: %w", name, err)
		}
		namespaces = append(namespaces, ns)
	}
	if err := sqliteschema.CreateNamespaces(sql, namespaces...); err != nil {
		return nil, fmt.Errorf("registering namespaces: %w", err)
	}
	return sql, nil
}

func serverConfig(o *options, sql *config.SQL) (*config.Config, map[primitives.ServiceName]int, error) {
	free, err := freePorts(o.ip, 4, o.port)
	if err != nil {
		return nil, nil, err
	}
	ports := map[primitives.ServiceName]int{
		primitives.FrontendService: o.port,
		primitives.HistoryService:  free[0],
		primitives.MatchingService: free[1],
		primitives.WorkerService:   free[2],
	}
	if o.httpPort == 0 {
		o.httpPort = free[3]
	}

	var c config.Config
	c.Global.Membership.MaxJoinDuration = 30 * time.Second
	c.Global.Membership.BroadcastAddress = o.ip
	if o.metricsPort > 0 {
		c.Global.Metrics = &metrics.Config{Prometheus: &metrics.PrometheusConfig{ListenAddress: hostPort(o.ip, o.metricsPort), HandlerPath: "/metrics"}}
	}
	c.Global.PProf.Port = o.pprofPort
	c.Persistence.DefaultStore = "sqlite-default"
	c.Persistence.VisibilityStore = "sqlite-default"
	c.Persistence.NumHistoryShards = 1
	c.Persistence.DataStores = map[string]config.DataStore{"sqlite-default": {SQL: sql}}
	c.ClusterMetadata = &cluster.Config{
		EnableGlobalNamespace:    false,
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             hostPort(o.ip, o.port),
				HTTPAddress:            hostPort(o.ip, o.httpPort),
			},
		},
	}
	c.DCRedirectionPolicy.Policy = "noop"
	c.Services = map[string]config.Service{}
	for s, p := range ports {
		svc := config.Service{RPC: config.RPC{GRPCPort: p, BindOnIP: o.ip}}
		if s == primitives.FrontendService {
			svc.RPC.HTTPPort = o.httpPort
		}
		c.Services[string(s)] = svc
	}
	c.Archival.History.State = "disabled"
	c.Archival.Visibility.State = "disabled"
	c.NamespaceDefaults.Archival.History.State = "disabled"
	c.NamespaceDefaults.Archival.Visibility.State = "disabled"
	c.PublicClient.HostPort = hostPort(o.ip, o.port)
	return &c, ports, nil
}

// dynamicConfig: the dev-server defaults, then the command line's values over them.
func dynamicConfig(o *options) dynamicconfig.StaticClient {
	dc := dynamicconfig.StaticClient{
		// Never call out of this machine (the version check contacts Temporal's servers).
		dynamicconfig.EnableServerVersionCheck.Key(): false,
		// Search attributes registered in the store are visible at once.
		dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key(): true,
		// As `temporal server start-dev`: a larger mutable-state cache and visibility rate.
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key():                 8096,
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
	}
	for k, v := range o.dynamicConfig {
		dc[dynamicconfig.MakeKey(k)] = v
	}
	return dc
}

func logger(o *options) log.Logger {
	if o.logLevel == "never" {
		return log.NewNoopLogger()
	}
	format := "console"
	if o.logFormat == "json" {
		format = "json"
	}
	return log.NewZapLogger(log.BuildZapLogger(log.Config{Level: o.logLevel, Format: format}))
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args, stderr)
	if errors.Is(err, errVersion) {
		fmt.Fprintf(stdout, "temporal-dev-server (chibo) with go.temporal.io/server %s\n", headers.ServerVersion)
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: %v\n", err)
		return 2
	}
	sql, err := sqlConfig(o)
	if err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: %v\n", err)
		return 1
	}
	cfg, ports, err := serverConfig(o, sql)
	if err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: %v\n", err)
		return 1
	}
	if o.logConfig {
		if b, err := json.MarshalIndent(cfg, "", "  "); err == nil {
			fmt.Fprintln(stderr, string(b))
		}
	}
	lg := logger(o)
	authorizer, err := authorization.GetAuthorizerFromConfig(&cfg.Global.Authorization)
	if err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: authorizer: %v\n", err)
		return 1
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&cfg.Global.Authorization, lg)
	if err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: claim mapper: %v\n", err)
		return 1
	}
	hosts := map[primitives.ServiceName]static.Hosts{}
	for s, p := range ports {
		hosts[s] = static.SingleLocalHost(hostPort(o.ip, p))
	}
	server, err := temporal.NewServer(
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(lg),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dynamicConfig(o)),
	)
	if err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: %v\n", err)
		return 1
	}
	started := time.Now()
	if err := server.Start(); err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: starting: %v\n", err)
		return 1
	}
	store := "SQLite in memory"
	if o.dbFilename != "" {
		store = "SQLite file " + o.dbFilename
	}
	attrs := append([]string(nil), o.saOrder...)
	sort.Strings(attrs)
	note := ""
	if len(o.ignored) > 0 {
		note = "; no web UI (ignored " + strings.Join(uniq(o.ignored), " ") + ")"
	}
	fmt.Fprintf(stdout, "temporal-dev-server: go.temporal.io/server %s at %s (HTTP %d), namespace %s, %s, search attributes [%s], started in %s%s\n",
		headers.ServerVersion, hostPort(o.ip, o.port), o.httpPort, strings.Join(o.namespaces, ","), store, strings.Join(attrs, " "),
		time.Since(started).Round(time.Millisecond), note)

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	<-signals
	signal.Stop(signals)
	if err := server.Stop(); err != nil {
		fmt.Fprintf(stderr, "temporal-dev-server: stopping: %v\n", err)
		return 1
	}
	return 0
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

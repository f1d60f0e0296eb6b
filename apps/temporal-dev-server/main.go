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
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

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

// clusterName is the single cluster this server forms.
const clusterName = "active"

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
	if o.tlsCert != "" {
		c.Global.TLS.Frontend.Server = config.ServerTLS{CertFile: o.tlsCert, KeyFile: o.tlsKey, RequireClientAuth: o.tlsRequireClientCert}
		if o.tlsRequireClientCert {
			c.Global.TLS.Frontend.Server.ClientCAFiles = []string{o.tlsCA}
		}
		// The server's system worker is a client of the frontend too: it presents the same certificate.
		c.Global.TLS.SystemWorker = config.WorkerTLS{CertFile: o.tlsCert, KeyFile: o.tlsKey, Client: config.ClientTLS{RootCAFiles: []string{o.tlsCA}, ServerName: "localhost"}}
	}
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

package ciao.opensearch;

import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Single-node OpenSearch 2.19 for the local stack, built from Maven Central jars.
 *
 * There is no distribution tarball here (no internet), so there is no modules/ directory either:
 * the modules a tarball would load (netty transport, common analysis, painless, ...) are passed to
 * the Node as classpath plugins, which is what Node's protected constructor is for.
 *
 * Usage: java ... ciao.opensearch.CiaoOpenSearch <config dir> <home dir> [setting=value ...]
 * The config dir (install side, read-only) holds log4j2.properties and an optional opensearch.yml;
 * the home dir (data side) holds data/ and logs/. Extra arguments override the defaults below
 * (run.sh uses that for the ports).
 */
public final class CiaoOpenSearch {

    /** Node's plugin-taking constructor is protected; a subclass is the supported way to reach it. */
    static final class CiaoNode extends Node {
        CiaoNode(Environment env, Collection<Class<? extends Plugin>> plugins) {
            super(env, plugins, true);
        }
    }

    static List<Class<? extends Plugin>> plugins() {
        List<Class<? extends Plugin>> plugins = new ArrayList<>(List.of(
            org.opensearch.transport.Netty4Plugin.class,          // HTTP + transport (the only impl here)
            org.opensearch.analysis.common.CommonAnalysisPlugin.class, // cjk/ngram/edge_ngram/synonym/...
            org.opensearch.index.reindex.ReindexPlugin.class,     // _reindex for the alias-swap rebuilds
            org.opensearch.index.mapper.MapperExtrasPlugin.class, // scaled_float, search_as_you_type, ...
            org.opensearch.geo.GeoModulePlugin.class,             // geo aggregations (geo_point is core)
            KoreanAnalysisPlugin.class));                         // nori_* analysis, see that class
        // Painless (scripted updates/sorts) builds its whitelists at startup: the biggest share of
        // the start time on a busy 2-core box. -Dciao.opensearch.painless=false leaves it out.
        if (Boolean.parseBoolean(System.getProperty("ciao.opensearch.painless", "true"))) {
            plugins.add(org.opensearch.painless.PainlessPlugin.class);
        }
        return plugins;
    }

    static final String REPLICAS = "cluster.default_number_of_replicas";

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CiaoOpenSearch <config dir> <home dir> [setting=value ...]");
            System.exit(2);
        }
        Path config = Paths.get(args[0]).toAbsolutePath();
        Path home = Paths.get(args[1]).toAbsolutePath();
        // The node scans plugins/ and modules/ under home; empty ones keep it from complaining.
        for (String dir : new String[] {"data", "logs", "plugins", "modules"}) {
            Files.createDirectories(home.resolve(dir));
        }

        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "ciao")
            .put("node.name", "ciao-1")
            .put("network.host", "127.0.0.1")
            .put("http.port", "9200")
            .put("transport.port", "9300")
            // single-node discovery: no cluster bootstrapping and no enforced bootstrap checks
            // (vm.max_map_count, heap size == max, ...), which a dev box need not satisfy.
            .put("discovery.type", "single-node")
            // Dev disks are often >85% full; the watermarks would then block shard allocation
            // and flip indices read-only, which looks like a broken stack rather than a full disk.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("bad setting (want key=value): " + args[i]);
                System.exit(2);
            }
            builder.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Settings settings = builder.build();

        // LogConfigurator swaps System.out for a logger; READY/STOPPED must stay plain lines.
        PrintStream out = System.out;
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), config, () -> settings.get("node.name"));
        // As the real distribution does: log4j2.properties from the config dir (ours logs to
        // stdout), and logger.<name>=<level> settings apply on top.
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(env.settings().get("node.name"));
        LogConfigurator.configure(env);
        Node node = new CiaoNode(env, plugins());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM/SIGINT: close cleanly so shards are flushed and the node lock is released.
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                out.println("STOPPED opensearch");
                out.flush();
                stopped.countDown();
            }
        }, "ciao-opensearch-shutdown"));

        node.start();
        // Only report READY once the cluster state is recovered and usable (indices reopened).
        ClusterHealthResponse health = node.client().admin().cluster().prepareHealth()
            .setWaitForYellowStatus().setTimeout(TimeValue.timeValueSeconds(60)).get();
        // One node: replicas can never be assigned and would keep health yellow. A node-level
        // cluster.default_number_of_replicas is ignored by index creation (it reads the cluster
        // state's persistent settings), so store it there once; an explicit value is kept.
        if (node.client().admin().cluster().prepareState().get().getState()
                .metadata().persistentSettings().get(REPLICAS) == null) {
            node.client().admin().cluster().prepareUpdateSettings()
                .setPersistentSettings(Settings.builder().put(REPLICAS, 0)).get();
        }
        out.println("READY opensearch http://" + settings.get("network.host") + ":"
            + settings.get("http.port") + " cluster=" + health.getClusterName()
            + " status=" + health.getStatus().name().toLowerCase());
        out.flush();
        stopped.await();
    }
}

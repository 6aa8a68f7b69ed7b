import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.util.ExitUtil;
import org.apache.hadoop.util.ShutdownHookManager;

import sun.misc.Signal;

/**
 * Runs a one-NameNode / one-DataNode HDFS for the local stack, in a single JVM.
 *
 * Usage: java HdfsLauncher <baseDir>. Ports come from HDFS_NAMENODE_PORT (8020),
 * HDFS_HTTP_PORT (9870, NameNode HTTP + WebHDFS) and HDFS_DATANODE_HTTP_PORT (9864).
 *
 * MiniDFSCluster is a test harness, so the defaults that matter for a long-lived dev
 * server are overridden here: the base dir is persistent and only formatted on the
 * very first successful start, and shutdown never deletes it.
 */
public final class HdfsLauncher {
    /** Written after the first successful start; its presence means "never format again". */
    private static final String FORMATTED_MARKER = "ciao-formatted";

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: HdfsLauncher <baseDir>");
            System.exit(2);
        }
        File baseDir = new File(args[0]).getAbsoluteFile();
        int nnPort = envInt("HDFS_NAMENODE_PORT", 8020);
        int httpPort = envInt("HDFS_HTTP_PORT", 9870);
        int dnHttpPort = envInt("HDFS_DATANODE_HTTP_PORT", 9864);

        File marker = new File(baseDir, FORMATTED_MARKER);
        // A start that died before the marker was written left nothing worth keeping,
        // so formatting again (which wipes the name and data dirs) is the safe choice.
        boolean format = !marker.exists();
        Files.createDirectories(baseDir.toPath());

        Configuration conf = new Configuration();
        // Keep every stray Hadoop temp file inside our data dir instead of /tmp/hadoop-$USER.
        conf.set("hadoop.tmp.dir", new File(baseDir, "tmp").getPath());
        // Dev stack: any WebHDFS user (default "dr.who") may write anywhere.
        conf.setBoolean("dfs.permissions.enabled", false);
        conf.setBoolean("dfs.webhdfs.enabled", true);
        conf.setInt("dfs.replication", 1);
        // Leave safe mode as soon as the single DataNode has reported its blocks.
        conf.setInt("dfs.namenode.safemode.extension", 0);
        // The DataNode registers under this name and WebHDFS redirects (CREATE/OPEN/APPEND)
        // point at it: an IP literal always resolves, a hostname might not.
        conf.set("dfs.datanode.hostname", "127.0.0.1");
        // Data transfer and IPC ports stay ephemeral (clients only need NN RPC + the DN HTTP port);
        // MiniDFSCluster binds them to 127.0.0.1.
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        // Don't sit on the disk-space check forever on a nearly full dev disk.
        conf.setLong("dfs.namenode.resource.du.reserved", 16L * 1024 * 1024);

        MiniDFSCluster.Builder builder = new MiniDFSCluster.Builder(conf, baseDir)
                .nameNodePort(nnPort)
                .nameNodeHttpPort(httpPort)
                .numDataNodes(1)
                .storagesPerDatanode(1)
                .setDnHttpPorts(dnHttpPort)
                .format(format)
                // Managed dirs (baseDir/name-0-*, baseDir/data/data1) are reused as-is when format=false.
                .manageNameDfsDirs(true)
                .manageDataDfsDirs(true)
                .waitSafeMode(true)
                // Edits still reach the OS page cache, so a killed JVM loses nothing;
                // only a power cut could. Worth it on a 2-core box running six servers.
                .skipFsyncForTesting(true)
                // Don't turn a past ExitUtil.terminate() into an exception during shutdown.
                .checkExitOnShutdown(false);

        long t0 = System.nanoTime();
        final MiniDFSCluster cluster;
        try {
            cluster = builder.build();
            cluster.waitActive();
            // A real metadata round trip, so READY means clients will get answers.
            try (FileSystem fs = cluster.getFileSystem()) {
                fs.getFileStatus(new Path("/"));
            }
        } catch (Throwable t) {
            System.err.println("[hdfs] FAILED to start: " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        // SIGTERM/SIGINT: stop the cluster from a normal thread, then exit. Doing it inside
        // a JVM shutdown hook fails half-way: the DataNode tries to remove its own shutdown
        // hook while stopping, which throws "Shutdown in progress" and aborts the NameNode stop.
        Runnable stop = () -> stopOnce(cluster);
        for (String sig : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(sig), s -> {
                stop.run();
                System.exit(0);
            });
        }
        // Fallback for other exits (System.exit from elsewhere); best effort only, see above.
        ShutdownHookManager.get().addShutdownHook(stop, 100);

        if (format) {
            Files.write(marker.toPath(), ("formatted by HdfsLauncher\n").getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("READY hdfs rpc=hdfs://127.0.0.1:%d webhdfs=http://127.0.0.1:%d/webhdfs/v1 "
                        + "datanode-http=127.0.0.1:%d formatted=%s startup=%dms%n",
                nnPort, httpPort, dnHttpPort, format, (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();

        // MiniDFSCluster disables System.exit inside Hadoop, so a fatal NameNode/DataNode
        // error would leave a half-dead JVM behind; turn it into a real exit instead.
        while (true) {
            Thread.sleep(2000);
            if (ExitUtil.terminateCalled() || ExitUtil.haltCalled()) {
                System.err.println("[hdfs] a Hadoop daemon requested exit: "
                        + ExitUtil.getFirstExitException());
                System.exit(1);
            }
        }
    }

    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private static void stopOnce(MiniDFSCluster cluster) {
        if (!STOPPING.compareAndSet(false, true)) {
            return;
        }
        System.out.println("[hdfs] shutting down");
        System.out.flush();
        // Not cluster.shutdown(): even shutdown(false) ends with FileUtil.fullyDeleteOnExit(baseDir),
        // i.e. it wipes the whole data dir when the JVM exits. Stop the daemons one by one instead.
        boolean clean = true;
        try {
            cluster.shutdownDataNodes();
        } catch (Throwable t) {
            clean = false;
            System.err.println("[hdfs] error stopping the DataNode: " + t);
        }
        try {
            cluster.shutdownNameNodes();
        } catch (Throwable t) {
            clean = false;
            System.err.println("[hdfs] error stopping the NameNode: " + t);
        }
        System.out.println(clean ? "[hdfs] stopped cleanly" : "[hdfs] stopped with errors (data is kept)");
        System.out.flush();
    }

    private static int envInt(String name, int def) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, got '" + v + "'");
        }
    }

    private HdfsLauncher() {
    }
}

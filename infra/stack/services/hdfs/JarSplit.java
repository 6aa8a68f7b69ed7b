import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Install-time helper (run once by install.sh, never at server start).
 *
 * Why: the NameNode registers its WebHDFS JAX-RS resources by package name, and Jersey
 * finds them by reading, entry by entry, every jar that contains those packages. In the
 * shaded jars that means inflating ~75 MB (hadoop-client-minicluster + hadoop-client-api)
 * on each start, several seconds of CPU on a 2-core box. Moving the few classes of those
 * packages into their own small jar makes the scan cheap. Class contents are unchanged;
 * only which jar on the classpath holds them.
 *
 * Usage: JarSplit <out.jar> <prefix,prefix,...> <in.jar>...  (each in.jar is rewritten in place)
 */
public final class JarSplit {
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: JarSplit <out.jar> <prefix,prefix,...> <in.jar>...");
            System.exit(2);
        }
        String[] prefixes = args[1].split(",");
        Set<String> moved = new HashSet<>();
        try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(new FileOutputStream(args[0]), 1 << 16))) {
            for (int i = 2; i < args.length; i++) {
                File in = new File(args[i]);
                File tmp = new File(in.getPath() + ".tmp");
                try (ZipFile zf = new ZipFile(in);
                     ZipOutputStream kept = new ZipOutputStream(new BufferedOutputStream(new FileOutputStream(tmp), 1 << 16))) {
                    // Fast compression: this runs once per install, the jars are read-only afterwards.
                    kept.setLevel(Deflater.BEST_SPEED);
                    Enumeration<? extends ZipEntry> entries = zf.entries();
                    while (entries.hasMoreElements()) {
                        ZipEntry e = entries.nextElement();
                        boolean match = false;
                        for (String p : prefixes) {
                            match |= e.getName().startsWith(p);
                        }
                        if (!match) {
                            copy(zf, e, kept);
                        } else if (moved.add(e.getName())) { // dir entries may exist in several jars
                            copy(zf, e, out);
                        }
                    }
                }
                Files.move(tmp.toPath(), in.toPath(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (moved.isEmpty()) {
            throw new IllegalStateException("no entry matched " + args[1] + ": jar layout changed?");
        }
        System.out.println("[hdfs] moved " + moved.size() + " entries into " + new File(args[0]).getName());
    }

    private static void copy(ZipFile zf, ZipEntry e, ZipOutputStream out) throws IOException {
        ZipEntry n = new ZipEntry(e.getName());
        n.setTime(e.getTime());
        out.putNextEntry(n);
        if (!e.isDirectory()) {
            try (InputStream is = zf.getInputStream(e)) {
                is.transferTo(out);
            }
        }
        out.closeEntry();
    }

    private JarSplit() {
    }
}

package io.clusterwise.bench.gateway;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the JIT compiler threads of this JVM have used so far, in milliseconds: from Linux's per-thread counters
 * ({@code /proc/self/task/}{@code *}{@code /stat}, threads named {@code C1/C2 CompilerThre…}), which count what the
 * compilers take from the other threads; elsewhere the JVM's own (lower) compilation time.
 */
final class JitLoad {

    /** Linux's USER_HZ: the unit of the stat file's times, 100 on every common kernel. */
    private static final long TICK_MS = 10;
    private static final Path TASKS = Path.of("/proc/self/task");

    private JitLoad() {
    }

    static long cpuMillis() {
        if (!Files.isDirectory(TASKS)) {
            return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        }
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.contains("CompilerThre")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        }
        return ticks * TICK_MS;
    }
}

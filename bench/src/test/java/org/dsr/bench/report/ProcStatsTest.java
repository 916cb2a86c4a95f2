package org.dsr.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatsTest {

    @TempDir
    Path proc;

    static String stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime) {
        // fields 1..22 of proc(5); the rest left out
        return pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 " + utime + " "
                + stime + " " + cutime + " " + cstime + " 20 0 30 0 12345 1000000 2000\n";
    }

    static String status(long rssKb) {
        return "Name:\tjava\nState:\tS (sleeping)\nVmPeak:\t  900000 kB\nVmHWM:\t  " + (rssKb + 10) + " kB\nVmRSS:\t  "
                + rssKb + " kB\nThreads:\t42\n";
    }

    private void fake(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime, long rss)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(String.valueOf(pid)));
        Files.writeString(dir.resolve("stat"), stat(pid, comm, ppid, utime, stime, cutime, cstime));
        Files.writeString(dir.resolve("status"), status(rss));
        Files.writeString(
                dir.resolve("smaps_rollup"),
                "00400000-7fff [rollup]\nRss:  " + rss + " kB\nPss:  " + rss / 2 + " kB\n");
    }

    @Test
    void parsesStatEvenWithSpacesAndParenthesesInTheName() {
        ProcStats.Stat s = ProcStats.parseStat(stat(4242, "java (main) x", 17, 1500, 250, 30, 5));
        assertThat(s.pid()).isEqualTo(4242);
        assertThat(s.ppid()).isEqualTo(17);
        assertThat(s.state()).isEqualTo('S');
        assertThat(s.utime()).isEqualTo(1500);
        assertThat(s.stime()).isEqualTo(250);
        assertThat(s.cutime()).isEqualTo(30);
        assertThat(s.cstime()).isEqualTo(5);
        assertThat(s.cpuTicks()).isEqualTo(1750);
    }

    @Test
    void readsKbFields() {
        assertThat(ProcStats.kbField(status(123_456), "VmRSS")).hasValue(123_456);
        assertThat(ProcStats.kbField(status(123_456), "VmHWM")).hasValue(123_466);
        assertThat(ProcStats.kbField(status(1), "VmSwap")).isEmpty();
    }

    @Test
    void oneProcess() throws IOException {
        fake(100, "java", 1, 400, 100, 0, 0, 300_000);
        ProcStats ps = new ProcStats(proc, 100);
        ProcStats.Usage u = ps.process(100);
        assertThat(u.cpuTicks()).isEqualTo(500);
        assertThat(ps.seconds(u.cpuTicks())).isEqualTo(5.0);
        assertThat(u.rssKb()).isEqualTo(300_000);
        assertThat(ps.process(999)).isEqualTo(ProcStats.Usage.NONE);
    }

    @Test
    void aProcessTreeSumsEveryDescendantAndTheReapedChildrenOfTheRoot() throws IOException {
        fake(200, "postgres", 1, 100, 50, 1000, 200, 40_000); // postmaster; exited backends used 1200 ticks
        fake(201, "postgres", 200, 300, 100, 0, 0, 20_000); // backend
        fake(202, "postgres", 200, 10, 5, 0, 0, 10_000); // checkpointer
        fake(203, "postgres", 201, 1, 1, 0, 0, 1_000); // a grandchild (parallel worker)
        fake(300, "java", 1, 9999, 9999, 0, 0, 500_000); // unrelated
        ProcStats.Usage u = new ProcStats(proc, 100).tree(200);
        assertThat(u.processes()).isEqualTo(4);
        assertThat(u.cpuTicks()).isEqualTo(150 + 1200 + 400 + 15 + 2);
        assertThat(u.rssKb()).isEqualTo(71_000);
        assertThat(u.pssKb()).isEqualTo(35_500);
    }
}

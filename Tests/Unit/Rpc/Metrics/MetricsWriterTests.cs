using Supervice.Rpc.Messages;
using Supervice.Rpc.Metrics;

namespace Supervice.Tests.Unit.Rpc.Metrics;

[TestClass]
public class MetricsWriterTests
{
    private static readonly DaemonStats Daemon = new() { Version = "1.2.3", StartTime = 1700000000.5, SpawnsTotal = 7, LogWriteErrorsTotal = 2 };

    [TestMethod]
    public void EachFamilyHasHelpTypeAndOneSamplePerProcess()
    {
        var text = MetricsWriter.Write(
        [
            new ProcessStatus { Name = "web", State = "RUNNING", Pid = 42, Group = "web", CpuSeconds = 1.25, RssBytes = 4096, Restarts = 3, StartTime = 1700000001, ExitCode = null },
            new ProcessStatus { Name = "w:1", State = "FATAL", Pid = null, Group = "w", ExitCode = -9 },
        ], Daemon);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(8 * 4 + 4 * 3, lines.Length, text);
        CollectionAssert.Contains(lines, "# TYPE supervice_process_cpu_seconds_total counter");
        CollectionAssert.Contains(lines, "supervice_process_up{name=\"web\",group=\"web\"} 1");
        CollectionAssert.Contains(lines, "supervice_process_state{name=\"w:1\",group=\"w\"} 200");
        CollectionAssert.Contains(lines, "supervice_process_cpu_seconds_total{name=\"web\",group=\"web\"} 1.25");
        CollectionAssert.Contains(lines, "supervice_process_resident_memory_bytes{name=\"web\",group=\"web\"} 4096");
        CollectionAssert.Contains(lines, "supervice_process_restarts_total{name=\"web\",group=\"web\"} 3");
        CollectionAssert.Contains(lines, "supervice_process_last_exit_code{name=\"w:1\",group=\"w\"} -9");
        CollectionAssert.Contains(lines, "supervice_process_healthy{name=\"web\",group=\"web\"} 1");
        CollectionAssert.Contains(lines, "supervice_build_info{version=\"1.2.3\"} 1");
        CollectionAssert.Contains(lines, "supervice_daemon_start_time_seconds 1700000000.5");
        CollectionAssert.Contains(lines, "supervice_spawns_total 7");
        CollectionAssert.Contains(lines, "supervice_log_write_errors_total 2");
        Assert.EndsWith("\n", text);
    }

    [TestMethod]
    public void LabelValuesAreEscaped()
    {
        var text = MetricsWriter.Write([new ProcessStatus { Name = "a\"b\\c\nd", State = "STOPPED", Group = "g" }], Daemon);
        StringAssert.Contains(text, "supervice_process_up{name=\"a\\\"b\\\\c\\nd\",group=\"g\"} 0\n");
        StringAssert.Contains(text, "supervice_process_resident_memory_bytes{name=\"a\\\"b\\\\c\\nd\",group=\"g\"} 0\n");
    }

    [TestMethod]
    public void EverySampleCarriesItsOwnProcesssLabelsAndValuePastTheFirstBuffer()
    {
        // Long names make the text outgrow its first buffer: each line still pairs one process's labels with its value.
        var procs = Enumerable.Range(0, 500).Select(i => new ProcessStatus
        {
            Name = $"p{i}-" + new string('x', 200) + "é", State = "RUNNING", Pid = 1000 + i, Group = $"g{i % 7}", Restarts = i, RssBytes = i * 4096L,
        }).ToList();
        using var utf8 = MetricsWriter.Write(procs, Daemon, reserve: 0);
        var text = utf8.ToString();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(8 * (2 + 500) + 4 * 3, lines.Length);
        foreach (var (i, p) in procs.Index())
        {
            CollectionAssert.Contains(lines, $"supervice_process_restarts_total{{name=\"{p.Name}\",group=\"{p.Group}\"}} {i}");
            CollectionAssert.Contains(lines, $"supervice_process_resident_memory_bytes{{name=\"{p.Name}\",group=\"{p.Group}\"}} {i * 4096}");
        }
        Assert.IsGreaterThan(2048 + 500 * 1024, utf8.Length);
    }

    [TestMethod]
    public void HealthFollowsTheCheck()
    {
        var text = MetricsWriter.Write(
        [
            new ProcessStatus { Name = "sick", State = "UNHEALTHY", Pid = 5, Group = "sick", HasHealthcheck = true, Healthy = false },
            new ProcessStatus { Name = "unchecked", State = "STARTING", Pid = 6, Group = "unchecked", HasHealthcheck = true },
        ], Daemon);
        StringAssert.Contains(text, "supervice_process_healthy{name=\"sick\",group=\"sick\"} 0\n");
        StringAssert.Contains(text, "supervice_process_healthy{name=\"unchecked\",group=\"unchecked\"} 0\n");
        StringAssert.Contains(text, "supervice_process_state{name=\"sick\",group=\"sick\"} 20\n");
    }
}

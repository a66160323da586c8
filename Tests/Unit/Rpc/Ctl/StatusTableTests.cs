using System.Globalization;
using System.Text;
using Supervice.Rpc.Ctl;
using Supervice.Rpc.Messages;

namespace Supervice.Tests.Unit.Rpc.Ctl;

[TestClass]
public class StatusTableTests
{
    [TestMethod]
    public void BasicTableHasOriginalWidthsAndDashLineAsLongAsHeader()
    {
        var t = StatusTable.Format([new() { Name = "slow", State = "STOPPED" }], color: false);
        var lines = t.Split('\n');
        Assert.AreEqual("NAME                 STATE      PID       ", lines[0]);
        Assert.AreEqual(new string('-', lines[0].Length), lines[1]);
        Assert.AreEqual("slow                 STOPPED    -         ", lines[2]);
        Assert.AreEqual("", lines[3]);
    }

    [TestMethod]
    public void UptimeAndHealthColumnsAppearWhenAnyRowHasThem()
    {
        var t = StatusTable.Format(
        [
            new() { Name = "unh", State = "UNHEALTHY", Pid = 21441, Uptime = 2, Healthy = false },
            new() { Name = "slow", State = "STOPPED" },
        ], color: false).Split('\n');
        Assert.AreEqual("NAME                 STATE      PID        UPTIME       HEALTH    ", t[0]);
        Assert.AreEqual(66, t[1].Length);
        Assert.AreEqual("unh                  UNHEALTHY  21441      0:02         FAIL      ", t[2]);
        Assert.AreEqual("slow                 STOPPED    -          -            -         ", t[3]);
    }

    [TestMethod]
    public void HealthColumnShowsForAConfiguredCheckBeforeItsFirstRun()
    {
        var t = StatusTable.Format([new() { Name = "a", State = "STARTING", Pid = 5, HasHealthcheck = true }], false);
        StringAssert.Contains(t.Split('\n')[0], "HEALTH");
        var none = StatusTable.Format([new() { Name = "a", State = "RUNNING", Pid = 5 }], false);
        Assert.IsFalse(none.Contains("HEALTH"));
        Assert.IsFalse(none.Contains("UPTIME"));
    }

    [TestMethod]
    public void NameColumnWidensToTheLongestName()
    {
        var longName = new string('n', 30);
        var t = StatusTable.Format([new() { Name = longName, State = "RUNNING", Pid = 1 }, new() { Name = "b", State = "RUNNING", Pid = 2 }], false).Split('\n');
        Assert.AreEqual("NAME".PadRight(30) + " STATE      PID       ", t[0]);
        Assert.AreEqual("b".PadRight(30) + " RUNNING    2         ", t[3]);
    }

    [TestMethod]
    public void InfoColumnComesLastWithDashForRowsWithout()
    {
        var t = StatusTable.Format(
        [
            new() { Name = "a", State = "EXITED", Info = "exited 1 (3s ago)" },
            new() { Name = "b", State = "RUNNING", Pid = 9 },
        ], false).Split('\n');
        Assert.AreEqual("NAME                 STATE      PID        INFO", t[0]);
        Assert.AreEqual(t[0].Length, t[1].Length);
        Assert.AreEqual("a                    EXITED     -          exited 1 (3s ago)", t[2]);
        Assert.AreEqual("b                    RUNNING    9          -", t[3]);
    }

    [TestMethod]
    [DataRow(0L, "0:00")]
    [DataRow(65L, "1:05")]
    [DataRow(3599L, "59:59")]
    [DataRow(3600L, "1:00:00")]
    [DataRow(86399L, "23:59:59")]
    [DataRow(86400L + 3661L, "1d 1:01:01")]
    [DataRow(10L * 86400, "10d 0:00:00")]
    public void UptimeFormats(long seconds, string expected) => Assert.AreEqual(expected, StatusTable.FormatUptime(seconds));

    [TestMethod]
    public void ColourWrapsTheStateWithoutChangingTheWidth()
    {
        var plain = StatusTable.Format([new() { Name = "a", State = "RUNNING", Pid = 1 }], false).Split('\n')[2];
        var coloured = StatusTable.Format([new() { Name = "a", State = "RUNNING", Pid = 1 }], true).Split('\n')[2];
        Assert.AreEqual(plain, coloured.Replace("\e[32m", "").Replace("\e[0m", ""));
        Assert.AreNotEqual(plain, coloured);
    }

    [TestMethod]
    public void EveryKindOfRowIsByteForByteWhatTheStringBuilderTablePrinted()
    {
        var rows = new List<ProcessStatus>();
        string[] states = ["RUNNING", "STARTING", "STOPPING", "BACKOFF", "WAITING", "FATAL", "EXITED", "UNHEALTHY", "STOPPED", "A_STATE_LONGER_THAN_TEN"];
        for (int i = 0; i < 1000; i++)
            rows.Add(new()
            {
                Name = i % 97 == 0 ? "é日本-" + i : "p" + i, State = states[i % states.Length], Pid = i % 3 == 0 ? null : i * 7919 - 5,
                Uptime = i % 5 == 0 ? null : (long)i * i * 37, Healthy = i % 7 == 0 ? i % 2 == 0 : null, Health = i % 11 == 0 ? "DEGRADED" : null,
                Info = i % 13 == 0 ? "exited " + i + " (ünïcode)" : null, CpuPercent = i % 4 == 0 ? null : i / 7.0, RssBytes = i % 6 == 0 ? null : (long)i * i * i * 4099,
                LastOutput = i % 17 == 0 ? ["line " + i, "", "ß"] : null,
            });
        rows.Add(new() { Name = new string('x', 70000), State = "RUNNING", Pid = 1, Info = new string('i', 100000) });
        foreach (var color in new[] { false, true })
        {
            Assert.AreEqual(Reference(rows, color), StatusTable.Format(rows, color));
            Assert.AreEqual(Reference(rows[..3], color), StatusTable.Format(rows[..3], color));
            Assert.AreEqual(Reference([.. rows.Where(r => r.RssBytes is null)], color), StatusTable.Format([.. rows.Where(r => r.RssBytes is null)], color));
            Assert.AreEqual(Reference([], color), StatusTable.Format([], color));
        }
    }

    [TestMethod]
    public void WrittenBytesAreTheFormattedTextInUtf8()
    {
        ProcessStatus[] rows = [new() { Name = "日本", State = "RUNNING", Pid = 3, Uptime = 90061 }];
        using var utf8 = StatusTable.Write(rows, color: false);
        CollectionAssert.AreEqual(Encoding.UTF8.GetBytes(StatusTable.Format(rows, false)), utf8.Written.ToArray());
        StringAssert.StartsWith(StatusTable.Format(rows, false).Split('\n')[2], "日本" + new string(' ', 19) + "RUNNING    3          1d 1:01:01");
    }

    /// <summary>The table as the StringBuilder and PadRight version (before issue #16's M3 work) printed it.</summary>
    private static string Reference(IReadOnlyList<ProcessStatus> rows, bool color)
    {
        int nameWidth = Math.Max(StatusTable.MinNameWidth, rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length));
        bool uptime = rows.Any(r => r.Uptime is not null);
        bool health = rows.Any(r => r.HasHealthcheck == true || r.Healthy is not null || r.Health is not null);
        bool info = rows.Any(r => !string.IsNullOrEmpty(r.Info));
        bool stats = rows.Any(r => r.RssBytes is not null);
        var sb = new StringBuilder();
        var header = Line(nameWidth, uptime, health, info, "NAME", "STATE", "PID", "UPTIME", "HEALTH", "INFO", null, stats ? ("CPU%", "RSS") : null);
        sb.Append(header).Append('\n').Append('-', header.Length).Append('\n');
        foreach (var r in rows)
        {
            var pid = r.Pid is { } p ? p.ToString(CultureInfo.InvariantCulture) : "-";
            var up = r.Uptime is { } u ? StatusTable.FormatUptime(u) : "-";
            var colour = !color ? null : r.State switch
            {
                "RUNNING" => "32",
                "STARTING" or "STOPPING" or "BACKOFF" or "WAITING" => "33",
                "FATAL" or "EXITED" or "UNHEALTHY" => "31",
                _ => null,
            };
            (string, string)? usage = !stats ? null : r.Pid is null ? ("-", "-")
                : ((r.CpuPercent ?? 0).ToString("0.0", CultureInfo.InvariantCulture), StatusTable.FormatBytes(r.RssBytes ?? 0));
            var healthText = r.Health ?? (r.Healthy switch { true => "OK", false => "FAIL", null => "-" });
            sb.Append(Line(nameWidth, uptime, health, info, r.Name, r.State, pid, up, healthText, string.IsNullOrEmpty(r.Info) ? "-" : r.Info, colour, usage)).Append('\n');
            if (r.LastOutput is { Count: > 0 } lines)
            {
                sb.Append("  last output before the crash:\n");
                foreach (var l in lines) sb.Append("  | ").Append(l).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static string Line(int nameWidth, bool uptime, bool health, bool info,
        string name, string state, string pid, string up, string healthText, string infoText, string? stateColour, (string Cpu, string Rss)? usage)
    {
        var sb = new StringBuilder();
        sb.Append(name.PadRight(nameWidth)).Append(' ');
        var paddedState = state.PadRight(StatusTable.StateWidth);
        sb.Append(stateColour is null ? paddedState : $"\e[{stateColour}m{state}\e[0m{paddedState[state.Length..]}").Append(' ');
        sb.Append(pid.PadRight(StatusTable.PidWidth));
        if (usage is { } u) sb.Append(' ').Append(u.Cpu.PadRight(StatusTable.CpuWidth)).Append(' ').Append(u.Rss.PadRight(StatusTable.RssWidth));
        if (uptime) sb.Append(' ').Append(up.PadRight(StatusTable.UptimeWidth));
        if (health) sb.Append(' ').Append(healthText.PadRight(StatusTable.HealthWidth));
        if (info) sb.Append(' ').Append(infoText);
        return sb.ToString();
    }
}

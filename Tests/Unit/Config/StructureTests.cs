using System.Collections.Immutable;
using static Supervice.Tests.Unit.Config.ConfigTestHelper;
using Supervice.Config;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

/// <summary>Naming, groups, includes, [DEFAULT], duplicates, unknown keys and sections, [supervice] settings.</summary>
[TestClass]
public class StructureTests
{
    private static string[] Names(ConfigModel m) => [.. m.Processes.Select(p => p.Name)];

    [TestMethod] public void SingleInstanceIsNamedAfterTheProgram() => CollectionAssert.AreEqual(new[] { "web" }, Names(ConfigTestHelper.Ok("[program:web]\ncommand=x\n")));

    [TestMethod]
    public void SeveralInstancesAreNamedWithTwoDigitSuffix() =>
        CollectionAssert.AreEqual(new[] { "w:00", "w:01", "w:02" }, Names(ConfigTestHelper.Ok("[program:w]\ncommand=x %(process_num)s\nnumprocs=3\n")));

    [TestMethod]
    public void ProcessNumExpandsPlainInCommand()
    {
        var m = ConfigTestHelper.Ok("[program:w]\ncommand=x %(process_num)s\nnumprocs=2\nnumprocs_start=5\n");
        CollectionAssert.AreEqual(new[] { "w:05", "w:06" }, Names(m));
        Assert.AreEqual("x 5", m.Processes[0].Command);
        Assert.AreEqual(5, m.Processes[0].ProcessNum);
    }

    [TestMethod]
    public void ExplicitProcessNameWithOneInstanceIsExpanded() =>
        CollectionAssert.AreEqual(new[] { "ckan-worker-00" }, Names(ConfigTestHelper.Ok("[program:ckan-worker]\ncommand=x\nprocess_name=%(program_name)s-%(process_num)02d\n")));

    [TestMethod]
    public void ProcessNameMustContainProcessNumWhenNumprocsAboveOne() =>
        HasError(Load("[program:w]\ncommand=x\nnumprocs=2\nprocess_name=%(program_name)s\n"), "4: Program 'w': %(process_num) must be present within process_name when numprocs > 1");

    [TestMethod]
    public void NumprocsZeroIsAnError() => HasError(Load("[program:w]\ncommand=x\nnumprocs=0\n"), "Program 'w': numprocs must be at least 1");

    [TestMethod]
    public void NumprocsIsExpanded() =>
        Assert.AreEqual(2, ConfigTestHelper.Ok("[program:w]\ncommand=x\nnumprocs=%(ENV_N)s\n", ImmutableDictionary<string, string>.Empty.Add("N", "2")).Processes.Length);

    [TestMethod]
    public void ProgramNameWithSlashOrSpaceIsAnError()
    {
        HasError(Load("[program:a/b]\ncommand=x\n"), "Program 'a/b': invalid program name");
        HasError(Load("[program:a b]\ncommand=x\n"), "Program 'a b': invalid program name");
    }

    [TestMethod]
    public void ProcessNameWithSpaceIsAnError() => HasError(Load("[program:a]\ncommand=x\nprocess_name=a b\n"), "invalid process name 'a b'");

    [TestMethod]
    public void HostNodeNameAndHereExpand()
    {
        var m = ConfigTestHelper.Ok("[program:a]\ncommand=%(here)s/run %(host_node_name)s %(group_name)s\n");
        Assert.AreEqual($"{Path.GetDirectoryName(m.Path)}/run node1 a", m.Processes[0].Command);
    }

    [TestMethod]
    public void SupervisorEnvironmentFeedsEnvExpansion() =>
        Assert.AreEqual("x v", ConfigTestHelper.Ok("[supervice]\nenvironment=K=v\n[program:a]\ncommand=x %(ENV_K)s\n").Processes[0].Command);

    [TestMethod]
    public void UnsetEnvIsAnErrorAtTheValuesLine() => HasError(Load("[program:a]\ncommand=x\ndirectory=%(ENV_NOPE_X)s\n"), "3: Program 'a': directory: environment variable NOPE_X is not set");

    [TestMethod]
    public void GroupsCollectProgramsAndUngroupedProgramsGetTheirOwnGroup()
    {
        var m = ConfigTestHelper.Ok("[program:a]\ncommand=x\n[program:b]\ncommand=x\n[program:c]\ncommand=x\npriority=3\n[group:g]\nprograms=a, b\npriority=7\n");
        Assert.AreEqual("g", m.Processes[0].GroupName);
        var g = m.Groups.Single(x => x.Name == "g");
        Assert.AreEqual(7, g.Priority);
        CollectionAssert.AreEqual(new[] { "a", "b" }, g.Programs.ToArray());
        var c = m.Groups.Single(x => x.Name == "c");
        Assert.IsTrue(c.Implicit);
        Assert.AreEqual(3, c.Priority);
    }

    [TestMethod]
    public void GroupWithUnknownProgramIsAnError() => HasError(Load("[program:a]\ncommand=x\n[group:g]\nprograms=a,zz,yy\n"), "4: Group 'g': unknown program(s): zz, yy");

    [TestMethod]
    public void ProgramInTwoGroupsIsAnError() =>
        HasError(Load("[program:a]\ncommand=x\n[group:g]\nprograms=a\n[group:h]\nprograms=a\n"), "6: Group 'h': program 'a' is already in group 'g'");

    [TestMethod]
    public void DefaultSectionAppliesToEveryProgram()
    {
        var m = ConfigTestHelper.Ok("[DEFAULT]\nstartsecs = 7\n[program:a]\ncommand=x\n[program:b]\ncommand=x\nstartsecs=2\n");
        Assert.AreEqual(7, m.Processes[0].StartSecs);
        Assert.AreEqual(2, m.Processes[1].StartSecs);
    }

    [TestMethod]
    public void DuplicateSectionsAreMergedWithAWarning()
    {
        var r = Load("[program:a]\ncommand=x\nstartsecs=1\n[program:a]\nstartsecs=4\n");
        Assert.IsTrue(r.Ok);
        Assert.AreEqual(4, r.Model!.Processes.Single().StartSecs);
        HasWarning(r, "4: duplicate section [program:a] (first at ");
        HasWarning(r, "5: duplicate key 'startsecs' in [program:a]");
    }

    [TestMethod]
    public void IncludeReadsGlobsRelativeToTheFileInSortedOrder()
    {
        var m = ConfigTestHelper.Ok("[supervice]\npidfile=none\n[include]\nfiles = conf.d/*.conf other.ini\n", extraFiles: new()
        {
            ["conf.d/b.conf"] = "[program:b]\ncommand=x\n",
            ["conf.d/a.conf"] = "[program:a]\ncommand=x\n",
            ["other.ini"] = "[program:c]\ncommand=x\n",
        });
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, Names(m));
        StringAssert.EndsWith(m.Processes[0].Location.File, "conf.d/a.conf");
    }

    [TestMethod]
    public void DuplicateSectionsAcrossIncludedFilesAreMerged()
    {
        var r = Load("[program:a]\ncommand=x\n[include]\nfiles=more.conf\n", extraFiles: new() { ["more.conf"] = "[program:a]\nstartsecs=9\n" });
        Assert.IsTrue(r.Ok);
        Assert.AreEqual(9, r.Model!.Processes[0].StartSecs);
        HasWarning(r, "duplicate section [program:a]");
    }

    [TestMethod]
    public void IncludeMatchingNothingIsAWarning() => HasWarning(Load("[include]\nfiles = nothing/*.conf\n"), "2: No file matches via include \"nothing/*.conf\"");

    [TestMethod]
    public void NestedIncludeOfExistingFilesIsAnError() =>
        HasError(Load("[include]\nfiles=a.conf\n", extraFiles: new() { ["a.conf"] = "[include]\nfiles=b.conf\n", ["b.conf"] = "[program:b]\ncommand=x\n" }),
            "[include] inside an included file is not supported");

    [TestMethod]
    public void FragmentWithoutSupervisorSectionIsValid() => Assert.AreEqual(1, ConfigTestHelper.Ok("[program:a]\ncommand=x\n").Processes.Length);

    [TestMethod]
    public void UnknownKeyWarnsWithSuggestion() => HasWarning(Load("[program:a]\ncommand=x\nauto_start=true\n"), "3: unknown key 'auto_start' in [program:a] (ignored); did you mean 'autostart'?");

    [TestMethod]
    public void UnsupportedSupervisordKeyWarnsNotSupported() => HasWarning(Load("[program:a]\ncommand=x\nstdout_syslog=true\n"), "3: [program:a] stdout_syslog is not supported by supervice");

    [TestMethod]
    public void UnsupportedSectionsWarnOnce()
    {
        var r = Load("[inet_http_server]\nport=127.0.0.1:9001\n[rpcinterface:supervisor]\nx=y\n[eventlistener:e]\ncommand=x\nevents=TICK_60\n[fcgi-program:f]\ncommand=x\n[ctlplugin:c]\nx=y\n[weird]\nx=1\n");
        Assert.IsTrue(r.Ok, string.Join("\n", r.Diagnostics));
        Assert.AreEqual(4, Warnings(r).Count, string.Join("\n", r.Diagnostics));
        HasWarning(r, "12: unknown section [weird]");
        Assert.AreEqual("f", r.Model!.IgnoredPools[0].Name);
    }

    [TestMethod]
    public void SupervisorSectionAndAliasesAreRead()
    {
        var s = ConfigTestHelper.Ok("[supervisord]\nlogfile_maxbytes=1MB\nlogfile_backups=2\nnodaemon=true\npidfile=NONE\nsocket_mode=0660\numask=077\nminfds=4096\nidentifier=me\nshutdown_timeout=5\n").Supervisor;
        Assert.AreEqual((1024L * 1024, 2, true, (string?)null, 432, 63, 4096, "me", 5),
            (s.LogMaxBytes, s.LogBackups, s.NoDaemon, s.PidFile, s.SocketMode, s.Umask, s.MinFds, s.Identifier, s.ShutdownTimeout));
    }

    [TestMethod]
    public void UnixHttpServerAndSupervisorctlMapToSocketSettings()
    {
        var s = ConfigTestHelper.Ok("[unix_http_server]\nfile=/tmp/x.sock\nchmod=0700\nchown=nobody:nogroup\n[supervisorctl]\nserverurl=unix:///tmp/x.sock\n").Supervisor;
        Assert.AreEqual(("/tmp/x.sock", 448, "nobody:nogroup", "/tmp/x.sock"), (s.Socket, s.SocketMode, s.SocketOwner, s.ServerUrlSocket));
    }

    [TestMethod]
    public void SocketPathLongerThan107BytesIsAnError() => HasError(Load($"[supervice]\nsocket=/tmp/{new string('s', 110)}.sock\n"), "is longer than 107 bytes");

    [TestMethod]
    public void InvalidLoglevelIsAnError() => HasError(Load("[supervice]\nloglevel=loud\n"), "Invalid loglevel 'loud'. Valid levels: CRITICAL, DEBUG, ERROR, INFO, WARN, WARNING");

    [TestMethod]
    public void ShutdownTimeoutMustBePositive() => HasError(Load("[supervice]\nshutdown_timeout=0\n"), "shutdown_timeout must be positive");

    [TestMethod]
    public void MissingFileIsAnError() => Assert.IsFalse(ConfigLoader.Load("/nonexistent/x.conf", new LoadOptions()).Ok);

    [TestMethod]
    public void DiscoveryTakesTheFirstExistingCandidate()
    {
        Assert.AreEqual("/etc/supervisord.conf", ConfigDiscovery.Discover("/w", p => p is "/etc/supervisord.conf" or "/etc/supervisor/supervisord.conf", out _));
        Assert.AreEqual("/w/supervice.conf", ConfigDiscovery.Discover("/w", _ => true, out _));
    }

    [TestMethod]
    public void DiscoveryFailureNamesEveryPathTried()
    {
        Assert.IsNull(ConfigDiscovery.Discover("/w", _ => false, out var error));
        foreach (var p in new[] { "/w/supervice.conf", "/w/supervisord.conf", "/etc/supervice/supervice.conf", "/etc/supervice.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf" })
            StringAssert.Contains(error, p);
    }
}

using Supervice.Tests.Fuzz;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>Children killed at random, over and over: every one comes back RUNNING and nothing is left a zombie.</summary>
[TestClass]
public class ChildKillTests
{
    [TestMethod]
    public void RandomChildKillsAllComeBackWithoutZombies()
    {
        int kills = FuzzBudget.Count(40, 200);
        var rng = new Random(FuzzBudget.Seed(nameof(RandomChildKillsAllComeBackWithoutZombies)));
        using var d = new Daemon("[program:k]\ncommand = sleep 1000\nnumprocs = 8\nstartsecs = 0\nstartretries = 1000\n");
        Wait.Until(() => FaultKit.AllRunning(d, 8), 15, "8 programs RUNNING");
        for (int i = 0; i < kills; i++)
        {
            var states = FaultKit.States(d);
            var (name, (_, pid)) = states.ElementAt(rng.Next(states.Count));
            Assert.IsTrue(Proc.Kill(pid, rng.Next(2) == 0 ? 9 : 15), $"kill {i}: {name} pid {pid}");
            Wait.Until(() => FaultKit.States(d).TryGetValue(name, out var s) && s.State == "RUNNING" && s.Pid != pid, 10, $"kill {i}: {name} back RUNNING");
        }
        Wait.Until(() => FaultKit.AllRunning(d, 8), 10, "all RUNNING at the end");
        Wait.Until(() => FaultKit.Zombies(d.Pid).Count == 0, 5, "no zombie children of the daemon");
        Console.WriteLine($"{kills} random child kills survived; {Proc.Children(d.Pid).Count} children, 0 zombies");
    }
}

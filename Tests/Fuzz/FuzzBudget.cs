namespace Supervice.Tests.Fuzz;

/// <summary>Case counts and seeds for fault and fuzz tests: reduced in `make test`, full with SUPERVICE_SOAK=1
/// (`make soak`). SUPERVICE_FUZZ_SEED replays one run; the seed is always printed so a failure can be replayed.</summary>
public static class FuzzBudget
{
    public static bool Soak => Environment.GetEnvironmentVariable("SUPERVICE_SOAK") == "1";

    public static int Count(int reduced, int full) => Soak ? full : reduced;

    public static int Seed(string what)
    {
        var fixedSeed = Environment.GetEnvironmentVariable("SUPERVICE_FUZZ_SEED");
        int seed = int.TryParse(fixedSeed, out var s) ? s : Random.Shared.Next();
        Console.WriteLine($"{what}: seed {seed} (replay with SUPERVICE_FUZZ_SEED={seed})");
        return seed;
    }
}

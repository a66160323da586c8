using System.Runtime.CompilerServices;
using System.Text;

namespace Supervice.Core.Output;

/// <summary>`tail -f` / `maintail -f` of one sink: the last lines, then every byte appended after them exactly once,
/// woken by the sink (no polling). A wake-up can find nothing new (its bytes went out with the chunk before, read
/// while the writer was between appending and waking us): it sends nothing. A follower that fell behind the ring
/// resumes from the oldest byte the ring still holds. Text is decoded across chunks, so a UTF-8 character split
/// between two appends arrives whole.</summary>
public static class OutputFollower
{
    public static async IAsyncEnumerable<string> FollowAsync(OutputSink sink, int lines, [EnumeratorCancellation] CancellationToken ct, int lastBytes = 0)
    {
        var wake = new SemaphoreSlim(0); // not disposed: a capture worker may still be inside OnData as we unsubscribe
        void OnData() { if (wake.CurrentCount == 0) wake.Release(); }
        sink.DataAppended += OnData;
        try
        {
            var decoder = Encoding.UTF8.GetDecoder();
            long offset;
            byte[] backlog;
            if (lastBytes > 0) sink.TryReadFrom(Math.Max(0, sink.TotalBytes - lastBytes), out backlog, out offset);
            else backlog = sink.TailLineBytes(lines, out offset);
            yield return Decode(decoder, backlog);
            while (!ct.IsCancellationRequested)
            {
                try { await wake.WaitAsync(ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { yield break; }
                if (!sink.TryReadFrom(offset, out var bytes, out offset)) continue;
                var text = Decode(decoder, bytes);
                if (text.Length > 0) yield return text;
            }
        }
        finally { sink.DataAppended -= OnData; }
    }

    private static string Decode(Decoder decoder, byte[] bytes)
    {
        if (bytes.Length == 0) return "";
        var chars = new char[decoder.GetCharCount(bytes, flush: false)];
        int n = decoder.GetChars(bytes, chars, flush: false);
        return new string(chars, 0, n);
    }
}

/* Bench baseline for M3 and X2 (Tests/Bench/bench.py): the cheapest whole process, a dynamically linked C
 * "hello" (same libc start-up as any program here). */
#include <unistd.h>

int main(void)
{
    static const char msg[] = "hello\n";
    return write(1, msg, sizeof msg - 1) == (ssize_t)(sizeof msg - 1) ? 0 : 1;
}

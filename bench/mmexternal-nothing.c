/* The baseline of bench/rsyslog.sh: an mmexternal program that adds nothing
 * to any message (answers {} to each line), as cheaply as a program can, so
 * that what rsyslog measures with it is mmexternal's own round trip. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    char *line = NULL;
    size_t size = 0;
    while (getline(&line, &size, stdin) != -1) {
        if (write(STDOUT_FILENO, "{}\n", 3) != 3) {
            return 1;
        }
    }
    free(line);
    return 0;
}

/* fuzz_file.h: writes the fuzz data to a private temp file (mode 0600, as
 * mkstemp makes it) for loaders that only take a path. */
#ifndef RW_FUZZ_FILE_H
#define RW_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Fills path[] with the name of a new file holding the data; 0 on failure.
 * The caller unlinks it. */
static inline int fuzz_temp_file(const uint8_t *data, size_t size, char path[64])
{
    snprintf(path, 64, "/tmp/rw_fuzz_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) {
            close(fd);
            unlink(path);
            return 0;
        }
        off += (size_t)w;
    }
    close(fd);
    return 1;
}

#endif

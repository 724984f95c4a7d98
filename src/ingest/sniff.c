/* sniff.c: delimiter sniffing, "sep=" lines, header-name folding and decimal
 * commas (sniff.h). */
#include "ingest/sniff.h"

char rw_delim_sniff(const char *line, size_t n)
{
    static const char cand[3] = {',', ';', '\t'};
    size_t count[3] = {0, 0, 0};
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == '"') quoted = !quoted; /* a doubled quote toggles twice */
        else if (!quoted)
            for (int k = 0; k < 3; k++)
                if (line[i] == cand[k]) count[k]++;
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best]) best = k;
    if (count[best] == 0) return 0;
    for (int k = 0; k < 3; k++)
        if (k != best && count[k] == count[best]) return 0;
    return cand[best];
}

char rw_sep_line(const char *line, size_t n)
{
    if (n != 5 || (line[0] != 's' && line[0] != 'S') || (line[1] != 'e' && line[1] != 'E') ||
        (line[2] != 'p' && line[2] != 'P') || line[3] != '=')
        return 0;
    char d = line[4];
    return d == '"' || d == '\r' || d == '\n' || d == '\0' ? 0 : d;
}

size_t rw_name_fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0) return 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        char ch = s[i];
        if (ch == '_' || ch == '/' || ch == ' ' || ch == '-') continue;
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        out[o++] = ch;
    }
    out[o] = '\0';
    return o;
}

int rw_decimal_comma(char *s)
{
    char *p = s;
    if (*p == '-' || *p == '+') p++;
    char *digits = p;
    while (*p >= '0' && *p <= '9') p++;
    if (p == digits || *p != ',') return 0;
    char *comma = p++;
    char *frac = p;
    while (*p >= '0' && *p <= '9') p++;
    if (p == frac || *p != '\0') return 0;
    *comma = '.';
    return 1;
}

/* banned.h — functions that overflow buffers or hide truncation.
 *
 * Included last by every translation unit (through the Makefile's -include), so a
 * use of one of these is a compile error rather than a code-review finding.
 * Use sb_* (string builder) or snprintf with a checked size instead. */
#ifndef DBAGENT_BANNED_H
#define DBAGENT_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif

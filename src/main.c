/* main.c — argv → command. Everything else lives in the layers below. */
#include "cli/cli.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}

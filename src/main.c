/* main.c — argv → command. Everything else lives in the layers below. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}

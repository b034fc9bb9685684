#include "core/common.h"
#include "store/store.h"
#include "store/demo.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	(void)argc; (void)argv;
	printf("qiao %s\n", QIAO_VERSION);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * highpt_kunit.ko: every highpt KUnit suite. Suites register themselves
 * with kunit_test_suites() in their own files and run at insmod.
 */
#include <linux/module.h>

#include "../module/compat.h"

MODULE_DESCRIPTION("KUnit suites for highpt");
MODULE_LICENSE("GPL");
/* highpt's internal symbols, exported for these suites only. */
MODULE_IMPORT_NS(HIGHPT_INTERNAL_NS);

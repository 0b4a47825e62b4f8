// SPDX-License-Identifier: GPL-2.0
/*
 * highpt_kunit.ko: every highpt KUnit suite. Suites register themselves
 * with kunit_test_suites() in their own files and run at insmod.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/printk.h>

#include "../module/compat.h"
#include "pool_fixture.h"

/* Pools failed cases left busy: destroyed if idle by now, else said. */
static void __exit highpt_kunit_exit(void)
{
	int left = fixture_reap();

	if (left)
		pr_err("%d pools left busy by failed tests: leaked with their pages\n",
		       left);
}
module_exit(highpt_kunit_exit);

MODULE_DESCRIPTION("KUnit suites for highpt");
MODULE_LICENSE("GPL");
/* highpt's internal symbols, exported for these suites only. */
MODULE_IMPORT_NS(HIGHPT_INTERNAL_NS);

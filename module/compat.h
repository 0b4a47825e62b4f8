/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels highpt supports (6.1 to 7.x)
 * that its code meets, in one place. Included by module/ and kunit/.
 */
#ifndef _HIGHPT_COMPAT_H
#define _HIGHPT_COMPAT_H

#include <linux/version.h>

/*
 * The namespace of the symbols highpt.ko exports for its own KUnit
 * suites only (module/internal.h). Symbol namespaces became string
 * literals in 6.13; before, they were bare words that the macros
 * stringified (expanding a macro argument first, so this works).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define HIGHPT_INTERNAL_NS	"HIGHPT_INTERNAL"
#else
#define HIGHPT_INTERNAL_NS	HIGHPT_INTERNAL
#endif

/*
 * KUnit speed attributes arrived in 6.6; before, a slow case is a case.
 * KUnit 7.x reports cases over a second that are not marked slow.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define HIGHPT_KUNIT_CASE_SLOW(test_name)	KUNIT_CASE_SLOW(test_name)
#else
#define HIGHPT_KUNIT_CASE_SLOW(test_name)	KUNIT_CASE(test_name)
#endif

#endif /* _HIGHPT_COMPAT_H */

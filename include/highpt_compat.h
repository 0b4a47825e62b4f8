/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels highpt supports (6.1 to 7.x)
 * that its code meets, in one place.
 */
#ifndef _HIGHPT_COMPAT_H
#define _HIGHPT_COMPAT_H

/*
 * KUnit speed attributes arrived in 6.6; before, a slow case is a case.
 * KUnit 7.x reports cases over a second that are not marked slow.
 */
#if defined(_KUNIT_TEST_H) && !defined(KUNIT_CASE_SLOW)
#define KUNIT_CASE_SLOW(test_name) KUNIT_CASE(test_name)
#endif

#endif /* _HIGHPT_COMPAT_H */

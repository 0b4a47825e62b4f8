/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels highpt supports (6.1 to 7.x)
 * that its code meets, in one place. Included by module/ and kunit/.
 */
#ifndef _HIGHPT_COMPAT_H
#define _HIGHPT_COMPAT_H

#include <linux/kconfig.h>
#include <linux/version.h>

/*
 * Shadows need the kernel's mirroring API. Debian's kernels have it;
 * highpt's test kernels get it from tools/kconfig/shadow.config.
 */
#if !IS_ENABLED(CONFIG_HMM_MIRROR) || !IS_ENABLED(CONFIG_MMU_NOTIFIER)
#error "highpt needs CONFIG_HMM_MIRROR and CONFIG_MMU_NOTIFIER (shadows)"
#endif

/*
 * The widest frame number the kernel can hand a shadow: hmm_range_fault()
 * keeps flags in a pfn's top bits (the top 8 before 7.x, 11 from 7.x:
 * 21 frame bits on i386). i386 before 6.15 reaches 64 GiB (HIGHMEM64G,
 * 24 frame bits), from 6.15 only 4 GiB; x86_64 has 52-bit addresses.
 */
#if IS_ENABLED(CONFIG_X86_64)
#define HIGHPT_MAX_PFN_BITS	40
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define HIGHPT_MAX_PFN_BITS	20
#else
#define HIGHPT_MAX_PFN_BITS	24
#endif

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
 * hex_to_bin() has a header of its own in 6.12 (not in 6.1), and 7.x no
 * longer reaches it through linux/kernel.h.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/hex.h>
#else
#include <linux/kernel.h>
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

/*
 * KUnit-only differences: expanded only where the includer defined
 * HIGHPT_COMPAT_KUNIT first (kunit/ helpers), so highpt.ko never sees
 * KUnit's types. Guarded on its own: compat.h may already have been
 * included without it.
 */
#if defined(HIGHPT_COMPAT_KUNIT) && !defined(_HIGHPT_COMPAT_KUNIT)
#define _HIGHPT_COMPAT_KUNIT

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/slab.h>

struct completion;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
/**
 * highpt_kunit_add_cleanup() - call @fn(@data) when @test ends
 * @test: the test
 * @fn: the cleanup
 * @data: its argument
 *
 * Cleanups run however the test ends, an assertion included, after the
 * suite's exit and newest first (so one registered later may still use
 * what an earlier one frees). If registering fails, @fn runs at once.
 *
 * Context: process context; may sleep.
 * Return: 0, or -ENOMEM after running @fn.
 */
static inline int highpt_kunit_add_cleanup(struct kunit *test,
					   void (*fn)(void *data), void *data)
{
	return kunit_add_action_or_reset(test, fn, data);
}
#else
/* Before 6.5: a resource whose free callback is the cleanup. */
struct highpt_kunit_cleanup {
	void (*fn)(void *data);
	void *data;
};

static inline void highpt_kunit_cleanup_free(struct kunit_resource *res)
{
	struct highpt_kunit_cleanup *c = res->data;

	c->fn(c->data);
	kfree(c);
}

static inline int highpt_kunit_add_cleanup(struct kunit *test,
					   void (*fn)(void *data), void *data)
{
	struct highpt_kunit_cleanup *c = kmalloc(sizeof(*c), GFP_KERNEL);

	if (c) {
		c->fn = fn;
		c->data = data;
		if (kunit_alloc_resource(test, NULL, highpt_kunit_cleanup_free,
					 GFP_KERNEL, c))
			return 0;
		kfree(c);
	}
	fn(data);
	return -ENOMEM;
}
#endif

/*
 * A test thread with a user address space of its own, for shadows:
 * kunit_vm_mmap() is in 6.12 (not in 6.1).
 */
#define HIGHPT_KUNIT_HAVE_VM_MMAP \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0))

/* KUNIT_ASSERT_FAILURE is KUNIT_FAIL_AND_ABORT by 6.12 (not in 6.1). */
#ifndef KUNIT_FAIL_AND_ABORT
#define KUNIT_FAIL_AND_ABORT(test, fmt, ...) \
	KUNIT_ASSERT_FAILURE(test, fmt, ##__VA_ARGS__)
#endif

/*
 * A test context run by hand (a nested struct kunit) in a thread of
 * our own: an assertion must end only that thread. Until 6.9 KUnit's
 * throw completed try_catch.try_completion before exiting; since, it
 * just exits the thread.
 */
static inline void highpt_kunit_nested_prepare(struct kunit *test,
					       struct completion *exited)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
	test->try_catch.try_completion = exited;
#endif
}

#endif /* HIGHPT_COMPAT_KUNIT */

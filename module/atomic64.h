/* SPDX-License-Identifier: GPL-2.0 */
/*
 * highpt_atomic64_add(): atomic64_add() that also holds under the
 * emulators highpt's test VMs run on.
 *
 * On i386, atomic64_add() is a cmpxchg8b loop: add, adc, lock cmpxchg8b,
 * jne (arch/x86/lib/atomic64_cx8_32.S). QEMU 7.2's TCG (Debian 12's
 * qemu-system-x86) emulates cmpxchg8b with a helper that computes the
 * flags from the operation code of the last flag-setting instruction,
 * as last stored, with the operands of the latest one: the adc's code
 * is not stored yet. When the stored code says "flags already computed"
 * (the block before ended after a cmpxchg8b, as on every retry of the
 * loop, or after popf or iret), the adc's source operand, the delta's
 * high word, becomes EFLAGS. For a negative delta that is 0xffffffff:
 * VM, IOPL, TF and the reserved bits. Once the emulator folds that into
 * its EFLAGS, the CPU's next interrupt is delivered as if from vm86
 * mode, raises #GP, and double-faults (issue 8).
 * tools/guest-src/cx8-flags.c shows the defect from user space.
 *
 * Subtracting the magnitude makes that operand (now the sbb's source) 0
 * for |n| < 2^32. The stale "computed" code then gives ZF alone, which
 * the helper sets itself; any other stale code i386 kernel code can
 * leave gives wrong arithmetic flags only, which nothing after the loop
 * reads (ADX's adcx and adox, which the kernel never emits, would not
 * be so benign). Larger magnitudes
 * would put their high word in EFLAGS again, so they are refused with a
 * warning (highpt's deltas are counts of pages, entries and events).
 * atomic64_inc() and atomic64_dec() carry a high word of 0 already;
 * atomic64_read(), _set() and _xchg() set no flags before their
 * cmpxchg8b. Real CPUs and x86_64 (one lock xadd) need none of this; it
 * costs a bound check, a branch and a negation. The upstream patch "target/i386:
 * Inline cmpxchg8b" (qemu-devel, January 2023) computes the flags first;
 * on QEMUs with it, this file can go.
 */
#ifndef _HIGHPT_ATOMIC64_H
#define _HIGHPT_ATOMIC64_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/kconfig.h>
#include <linux/limits.h>
#include <linux/types.h>

/* The largest magnitude whose high word is 0. */
#define HIGHPT_ATOMIC64_MAX_DELTA	((s64)U32_MAX)

/**
 * highpt_atomic64_add() - atomically add @n to @v
 * @n: the delta, of either sign, within +-HIGHPT_ATOMIC64_MAX_DELTA
 * @v: the counter
 *
 * Wraps as atomic64_add() does. A delta beyond the bound is still added,
 * with a warning once: on i386 under QEMU 7.2 it could corrupt EFLAGS.
 */
static inline void highpt_atomic64_add(s64 n, atomic64_t *v)
{
	if (!IS_ENABLED(CONFIG_X86_32)) {
		atomic64_add(n, v);
		return;
	}
	WARN_ON_ONCE(n > HIGHPT_ATOMIC64_MAX_DELTA ||
		     n < -HIGHPT_ATOMIC64_MAX_DELTA);
	if (n < 0)
		atomic64_sub((s64)-(u64)n, v);
	else
		atomic64_add(n, v);
}

#endif /* _HIGHPT_ATOMIC64_H */

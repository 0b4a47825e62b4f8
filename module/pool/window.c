// SPDX-License-Identifier: GPL-2.0
/*
 * The pool's window of slots: x86 kernel PTEs written by highpt.
 *
 * Modules cannot reserve kernel virtual space or flush kernel TLB
 * ranges directly (get_vm_area, init_mm and flush_tlb_kernel_range are
 * not exported), so the window is built from what is:
 *  - vmap() of N copies of one dummy page reserves the range and creates
 *    (and syncs into every page directory) the kernel PTE pages for it;
 *  - lookup_address() finds each slot's PTE once; vmalloc never frees
 *    the PTE pages of a live area, so the pointers stay valid;
 *  - set_pte()/pte_clear() install and remove pages (pte_clear clears
 *    the low word first, which PAE needs);
 *  - on_each_cpu() runs the flush below on every CPU.
 *
 * The flush must leave no CPU holding the old translation under any
 * PCID (process-context identifier: the TLB tag that lets the kernel
 * switch address spaces without flushing). Which one is complete
 * depends on the machine, and is chosen once per window:
 *  - invlpg of each slot, where the kernel uses no PCID: with one tag,
 *    every CR3 write drops all non-global entries, so only the current
 *    address space can hold one, and invlpg drops it, global or not.
 *    Always so on i386 (the kernel clears X86_FEATURE_PCID on 32-bit;
 *    the SDM allows no PCID there), and on x86_64 booted with nopcid or
 *    without PCID.
 *  - invlpg of each slot, where the kernel's PTEs are global (x86_64
 *    without page-table isolation): invlpg drops a global entry under
 *    every PCID. The kernel keeps PCID only with PGE, and turns PCID off
 *    on CPUs whose invlpg misses global entries ("Incomplete global
 *    flushes"); flush_tlb_one_kernel() relies on the same rule.
 *  - INVPCID type 2 (every PCID, global entries too) on each CPU, where
 *    PCID is in use and PAGE_KERNEL is not global: page-table isolation
 *    clears _PAGE_GLOBAL from __default_kernel_pte_mask, so invlpg
 *    drops the entry of the current PCID only, and each PCID a CPU ran
 *    the kernel under may keep its own. The kernel's own answer,
 *    cpu_tlbstate.invalidate_other, is not exported. It flushes the
 *    whole TLB, but only on such machines.
 *  - Otherwise (isolation with PCID and no INVPCID), or in a Xen PV
 *    guest where invlpg is privileged, pools are refused.
 * TCG cannot show a stale translation under another PCID: this is
 * argued here, and the pool's text names the method chosen.
 */
#include <linux/bitmap.h>
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/cpufeature.h>
#include <asm/invpcid.h>
#include <asm/pgtable.h>

#include "../atomic64.h"
#include "window.h"

const char *const highpt_window_flush_names[HIGHPT_WINDOW_FLUSH_COUNT] = {
	[HIGHPT_WINDOW_INVLPG]	= "invlpg",
	[HIGHPT_WINDOW_INVPCID]	= "invpcid",
};

/* The complete flush for this machine (see the top of this file). */
static int highpt_window_method(enum highpt_window_flush *method)
{
	bool tagged = IS_ENABLED(CONFIG_X86_64) &&
		      boot_cpu_has(X86_FEATURE_PCID) &&
		      !(pgprot_val(PAGE_KERNEL) & _PAGE_GLOBAL);

	if (boot_cpu_has(X86_FEATURE_XENPV)) {
		pr_warn_once("no pools in a Xen PV guest: invlpg is privileged\n");
		return -EOPNOTSUPP;
	}
	if (!tagged) {
		*method = HIGHPT_WINDOW_INVLPG;
		return 0;
	}
	if (boot_cpu_has(X86_FEATURE_INVPCID)) {
		*method = HIGHPT_WINDOW_INVPCID;
		return 0;
	}
	pr_warn_once("no pools: kernel PTEs are not global and PCIDs are in use, but there is no INVPCID to flush them all\n");
	return -EOPNOTSUPP;
}

int highpt_window_create(struct highpt_window *w, unsigned int nr)
{
	struct page **pages;
	unsigned int i, level;
	int ret;

	memset(w, 0, sizeof(*w));
	ret = highpt_window_method(&w->method);
	if (ret)
		return ret;
	ret = -ENOMEM;
	w->nr = nr;
	w->dummy = alloc_page(GFP_KERNEL | __GFP_ZERO);
	w->ptep = kvcalloc(nr, sizeof(*w->ptep), GFP_KERNEL);
	w->flush = bitmap_zalloc(nr, GFP_KERNEL);
	pages = kvcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!w->dummy || !w->ptep || !w->flush || !pages)
		goto fail;
	for (i = 0; i < nr; i++)
		pages[i] = w->dummy;
	w->base = vmap(pages, nr, VM_MAP, PAGE_KERNEL);
	if (!w->base)
		goto fail;
	for (i = 0; i < nr; i++) {
		w->ptep[i] = lookup_address((unsigned long)highpt_window_addr(w, i),
					    &level);
		if (!w->ptep[i] || level != PG_LEVEL_4K) {
			pr_err("slot %u of the window is not a 4K PTE\n",
			       i);
			ret = -EFAULT;
			goto fail;
		}
	}
	kvfree(pages);
	/* Every slot starts free: unmapped, and flushed everywhere. */
	for (i = 0; i < nr; i++)
		highpt_window_clear(w, i);
	bitmap_fill(w->flush, nr);
	highpt_window_flush(w);
	/* The counters measure the pool's use, not its creation. */
	w->pte_writes = 0;
	w->flush_calls = 0;
	atomic64_set(&w->invlpgs, 0);
	atomic64_set(&w->full_flushes, 0);
	return 0;

fail:
	if (w->base)
		vunmap(w->base);
	kvfree(pages);
	bitmap_free(w->flush);
	kvfree(w->ptep);
	if (w->dummy)
		__free_page(w->dummy);
	memset(w, 0, sizeof(*w));
	return ret;
}

/* Every slot must already be clear; whatever is marked is flushed. */
void highpt_window_destroy(struct highpt_window *w)
{
	highpt_window_flush(w);
	vunmap(w->base);
	bitmap_free(w->flush);
	kvfree(w->ptep);
	__free_page(w->dummy);
	memset(w, 0, sizeof(*w));
}

void highpt_window_set(struct highpt_window *w, unsigned int slot,
		       struct page *page)
{
	set_pte(w->ptep[slot], mk_pte(page, PAGE_KERNEL));
	w->pte_writes++;
}

/* Clear a slot's PTE and mark it for the next flush. */
void highpt_window_clear(struct highpt_window *w, unsigned int slot)
{
	pte_clear(NULL, 0, w->ptep[slot]);
	w->pte_writes++;
	__set_bit(slot, w->flush);
}

static void highpt_window_flush_cpu(void *arg)
{
	struct highpt_window *w = arg;
	unsigned int slot, n = 0;

	if (IS_ENABLED(CONFIG_X86_64) && w->method == HIGHPT_WINDOW_INVPCID) {
		invpcid_flush_all();
		atomic64_inc(&w->full_flushes);
		return;
	}
	for_each_set_bit(slot, w->flush, w->nr) {
		asm volatile("invlpg (%0)"
			     : : "r" (highpt_window_addr(w, slot)) : "memory");
		n++;
	}
	highpt_atomic64_add(n, &w->invlpgs);
}

/*
 * Invalidate every marked slot on every CPU, in one cross-CPU call.
 * Call with interrupts enabled; a plain spinlock may be held, as pkmap
 * does around flush_tlb_kernel_range().
 */
void highpt_window_flush(struct highpt_window *w)
{
	if (bitmap_empty(w->flush, w->nr))
		return;
	lockdep_assert_irqs_enabled();
	w->flush_calls++;
	on_each_cpu(highpt_window_flush_cpu, w, 1);
	bitmap_zero(w->flush, w->nr);
}

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
 *  - on_each_cpu() runs invlpg over the slots to flush on every CPU.
 *
 * invlpg on every CPU is a complete flush on i386, which has no PCID.
 * On x86_64 with PCID and page-table isolation, other address spaces
 * may still cache a non-global kernel entry: x86_64 builds and loads,
 * but only i386 is tested for cross-CPU correctness.
 */
#include <linux/bitmap.h>
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>

#include "window.h"

int highpt_window_create(struct highpt_window *w, unsigned int nr)
{
	struct page **pages;
	unsigned int i, level;
	int ret = -ENOMEM;

	w->nr = nr;
	w->dummy = alloc_page(GFP_KERNEL | __GFP_ZERO);
	w->ptep = kcalloc(nr, sizeof(*w->ptep), GFP_KERNEL);
	w->flush = bitmap_zalloc(nr, GFP_KERNEL);
	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
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
	kfree(pages);
	/* Every slot starts free: unmapped, and flushed everywhere. */
	for (i = 0; i < nr; i++)
		highpt_window_clear(w, i);
	bitmap_fill(w->flush, nr);
	highpt_window_flush(w);
	return 0;

fail:
	if (w->base)
		vunmap(w->base);
	kfree(pages);
	bitmap_free(w->flush);
	kfree(w->ptep);
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
	kfree(w->ptep);
	__free_page(w->dummy);
	memset(w, 0, sizeof(*w));
}

void highpt_window_set(struct highpt_window *w, unsigned int slot,
		       struct page *page)
{
	set_pte(w->ptep[slot], mk_pte(page, PAGE_KERNEL));
}

/* Clear a slot's PTE and mark it for the next flush. */
void highpt_window_clear(struct highpt_window *w, unsigned int slot)
{
	pte_clear(NULL, 0, w->ptep[slot]);
	__set_bit(slot, w->flush);
}

static void highpt_window_invlpg(void *arg)
{
	struct highpt_window *w = arg;
	unsigned int slot;

	for_each_set_bit(slot, w->flush, w->nr)
		asm volatile("invlpg (%0)"
			     : : "r" (highpt_window_addr(w, slot)) : "memory");
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
	on_each_cpu(highpt_window_invlpg, w, 1);
	bitmap_zero(w->flush, w->nr);
}

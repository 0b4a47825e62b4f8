/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_STORE_FORMAT_H
#define _HIGHPT_STORE_FORMAT_H

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/types.h>

#include <highpt.h>

/*
 * The two x86 entry formats. PAE: 64-bit entries, 512 per PTE page,
 * va = [31:30 PGD][29:21 PMD][20:12 PTE]. Legacy: 32-bit entries, 1024
 * per PTE page, va = [31:22 PGD][21:12 PTE]. An entry is the frame
 * number shifted by 12, or-ed with the flags.
 */
#define STORE_ENTRY_SHIFT	12

static inline unsigned int store_pte_bits(enum highpt_pt_format f)
{
	return f == HIGHPT_PT_PAE ? 9 : 10;
}

static inline unsigned int store_ptes_per_page(enum highpt_pt_format f)
{
	return 1U << store_pte_bits(f);
}

/*
 * Entries of one directory page: a PAE PMD page, or the legacy PGD. On
 * x86 they are as many as a PTE page holds, in both formats.
 */
static inline unsigned int store_dir_entries(enum highpt_pt_format f)
{
	return store_ptes_per_page(f);
}

/* Index of the PTE page that covers @va, over the whole space. */
static inline unsigned int store_pt_index(enum highpt_pt_format f, u32 va)
{
	return va >> (PAGE_SHIFT + store_pte_bits(f));
}

/* The end of the part of [va, end) that @va's PTE page covers. */
static inline u64 store_span_end(enum highpt_pt_format f, u64 va, u64 end)
{
	u64 span = (u64)PAGE_SIZE << store_pte_bits(f);

	return min(end, (va | (span - 1)) + 1);
}

/*
 * @start and @len page-aligned, @len > 0, within the 32-bit space. No
 * sum: start + len wraps for a huge @len; the difference cannot, since
 * @start < HIGHPT_SPACE_SIZE.
 */
static inline bool store_range_ok(u32 start, u64 len)
{
	return !(start & ~PAGE_MASK) && !(len & (PAGE_SIZE - 1)) && len &&
	       len <= HIGHPT_SPACE_SIZE - start;
}

/* Index of @va's entry within its PTE page. */
static inline unsigned int store_pte_index(enum highpt_pt_format f, u32 va)
{
	return (va >> PAGE_SHIFT) & (store_ptes_per_page(f) - 1);
}

/*
 * The largest frame number an entry of @f holds and an unsigned long
 * can pass: on i386 that is 2^32 - 1 even for PAE, whose entries hold
 * more, since pfn + 1 must not wrap.
 */
static inline unsigned long store_max_pfn(enum highpt_pt_format f)
{
	unsigned int bits = f == HIGHPT_PT_PAE ? HIGHPT_PAE_PFN_BITS :
						 HIGHPT_LEGACY_PFN_BITS;

	return min_t(u64, BIT_ULL(bits) - 1, ULONG_MAX);
}

/*
 * Entries for frames @pfn .. @pfn + @nr - 1 (@nr >= 1) with @flags: the
 * last frame is never computed, so no value of @pfn or @nr can wrap.
 */
static inline int store_entry_check(enum highpt_pt_format f,
				    unsigned long pfn, unsigned long nr,
				    unsigned int flags)
{
	unsigned long max = store_max_pfn(f);

	if (flags & ~HIGHPT_PTE_FLAGS || !(flags & HIGHPT_PTE_PRESENT))
		return -EINVAL;
	if (pfn > max || nr - 1 > max - pfn)
		return -ERANGE;
	return 0;
}

static inline u64 store_entry_read(enum highpt_pt_format f, void *pt,
				   unsigned int i)
{
	return f == HIGHPT_PT_PAE ? ((u64 *)pt)[i] : ((u32 *)pt)[i];
}

static inline void store_entry_write(enum highpt_pt_format f, void *pt,
				     unsigned int i, u64 e)
{
	if (f == HIGHPT_PT_PAE)
		((u64 *)pt)[i] = e;
	else
		((u32 *)pt)[i] = e;
}

static inline u64 store_entry_make(unsigned long pfn, unsigned int flags)
{
	return (u64)pfn << STORE_ENTRY_SHIFT | flags;
}

static inline unsigned long store_entry_pfn(u64 e)
{
	return e >> STORE_ENTRY_SHIFT;
}

static inline unsigned int store_entry_flags(u64 e)
{
	return e & HIGHPT_PTE_FLAGS;
}

static inline bool store_entry_present(u64 e)
{
	return e & HIGHPT_PTE_PRESENT;
}

#endif /* _HIGHPT_STORE_FORMAT_H */

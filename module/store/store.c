// SPDX-License-Identifier: GPL-2.0
/*
 * The store: spaces (software page tables shaped like x86's, PTE pages
 * in highmem) and the VM paths of the 2002 thread as operations on them.
 *
 * No operation holds a PTE-page mapping while it allocates: a PTE page
 * is allocated first, then mapped. Holding kmaps across allocation is
 * how page-table kmaps could pile up under memory pressure (Hugh
 * Dickins, 24 Jan 2002).
 */
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "format.h"
#include "store.h"
#include "../trace/events.h"

const char *const highpt_pt_format_names[HIGHPT_PT_COUNT] = {
	[HIGHPT_PT_PAE]		= "pae",
	[HIGHPT_PT_LEGACY]	= "legacy",
};

const char *const highpt_pte_access_names[HIGHPT_ACCESS_COUNT] = {
	[HIGHPT_ACCESS_LOCAL]	= "local",
	[HIGHPT_ACCESS_POOL]	= "pool",
	[HIGHPT_ACCESS_NOWAIT]	= "nowait",
};

static atomic_t store_next_id = ATOMIC_INIT(0);

/*
 * Page-table pages are asked for without retrying: a store past memory
 * fails with -ENOMEM instead of waking the OOM killer, which would kill
 * tasks to feed a test module.
 */
#define STORE_GFP	(__GFP_ZERO | __GFP_NOWARN | __GFP_NORETRY)

static enum highpt_pt_format space_fmt(struct highpt_space *s)
{
	return s->cfg.format;
}

/* Count and trace one call of the store's API that got past its checks. */
static void store_op_done(struct highpt_space *s, enum highpt_stat_id op,
			  u64 start, u64 len, int ret)
{
	highpt_stat_inc(op);
	trace_highpt_store_op(s->id, op, start, len, ret);
}

/* A directory is a lowmem array of PTE-page pointers. */
static unsigned int store_dir_order(struct highpt_space *s)
{
	return get_order(store_dir_entries(space_fmt(s)) *
			 sizeof(struct page *));
}

static void store_account_present(struct highpt_space *s, long delta)
{
	lockdep_assert_held(&s->pt_lock);
	s->present += delta;
	highpt_stat_add(HIGHPT_STAT_STORE_ENTRIES_PRESENT, delta);
}

static void store_account_pte_page(struct highpt_space *s, struct page *pt,
				   int delta)
{
	s->pte_pages += delta;
	if (PageHighMem(pt)) {
		s->pte_pages_highmem += delta;
		highpt_stat_add(HIGHPT_STAT_STORE_PTE_PAGES_HIGHMEM, delta);
	} else {
		highpt_stat_add(HIGHPT_STAT_STORE_PTE_PAGES_LOWMEM, delta);
	}
}

static struct page **store_alloc_dir(struct highpt_space *s)
{
	unsigned int order = store_dir_order(s);
	struct page **dir;

	dir = (struct page **)__get_free_pages(GFP_KERNEL | STORE_GFP, order);
	if (!dir) {
		highpt_stat_inc(HIGHPT_STAT_STORE_ALLOC_FAILURES);
		return NULL;
	}
	s->dir_pages += 1UL << order;
	highpt_stat_add(HIGHPT_STAT_STORE_DIR_PAGES, 1L << order);
	return dir;
}

static void store_free_dir(struct highpt_space *s, struct page ***slot)
{
	unsigned int order = store_dir_order(s);
	struct page **dir = *slot;

	spin_lock(&s->pt_lock);
	*slot = NULL;
	spin_unlock(&s->pt_lock);
	free_pages((unsigned long)dir, order);
	s->dir_pages -= 1UL << order;
	highpt_stat_add(HIGHPT_STAT_STORE_DIR_PAGES, -(1L << order));
}

/* The directory entry for @va's PTE page; NULL if its PMD page is absent. */
static struct page **store_dir_slot(struct highpt_space *s, u32 va,
				    bool alloc)
{
	unsigned int pt = store_pt_index(space_fmt(s), va);
	unsigned int per = store_dir_entries(space_fmt(s));
	struct page ***dir = &s->dir[pt / per];

	if (!*dir && alloc) {
		struct page **fresh = store_alloc_dir(s);

		spin_lock(&s->pt_lock);
		*dir = fresh;
		spin_unlock(&s->pt_lock);
	}
	return *dir ? &(*dir)[pt % per] : NULL;
}

/* @va's PTE page, allocated if absent and @alloc; NULL if none. */
static struct page *store_pte_page(struct highpt_space *s, u32 va,
				   bool alloc)
{
	gfp_t gfp = (s->cfg.pte_highmem ? GFP_HIGHUSER : GFP_KERNEL) |
		    STORE_GFP;
	struct page **slot;

	lockdep_assert_held(&s->lock);
	slot = store_dir_slot(s, va, alloc);
	if (!slot)
		return NULL;
	if (!*slot && alloc) {
		struct page *fresh = alloc_page(gfp);

		if (!fresh) {
			highpt_stat_inc(HIGHPT_STAT_STORE_ALLOC_FAILURES);
			return NULL;
		}
		store_account_pte_page(s, fresh, 1);
		spin_lock(&s->pt_lock);
		*slot = fresh;
		spin_unlock(&s->pt_lock);
	}
	return *slot;
}

static void store_free_pte_page(struct highpt_space *s, u32 va)
{
	struct page **slot = store_dir_slot(s, va, false), *pt = *slot;

	lockdep_assert_held(&s->lock);
	spin_lock(&s->pt_lock);
	*slot = NULL;
	spin_unlock(&s->pt_lock);
	store_account_pte_page(s, pt, -1);
	__free_page(pt);
}

/**
 * highpt_space_pages() - the pages a space needs to map [0, @len)
 * @format: its entry format
 * @len: the length mapped, at most HIGHPT_SPACE_SIZE
 *
 * Return: PTE pages plus directory pages, for an estimate before a big
 * request.
 */
unsigned long highpt_space_pages(enum highpt_pt_format format, u64 len)
{
	/* Shifts: a legacy directory spans 2^32 bytes, past a u32 divisor. */
	unsigned int pt_shift = PAGE_SHIFT + store_pte_bits(format);
	unsigned int dir_shift = pt_shift + ilog2(store_dir_entries(format));
	u64 ptes = (len + BIT_ULL(pt_shift) - 1) >> pt_shift;
	u64 dirs = (len + BIT_ULL(dir_shift) - 1) >> dir_shift;
	unsigned int order = get_order(store_dir_entries(format) *
				       sizeof(struct page *));

	return ptes + (max_t(u64, dirs, 1) << order);
}

/* The end of the part of [va, end) that @va's PTE page covers. */
static u64 store_chunk_end(struct highpt_space *s, u64 va, u64 end)
{
	return store_span_end(space_fmt(s), va, end);
}

/*
 * Copy and move map two PTE pages at once; in pool access on a pool in
 * reserve mode both come from one reservation of two (access.c), which
 * a task_reserve of 1 can never grant.
 */
static bool store_config_ok(const struct highpt_space_config *cfg)
{
	struct highpt_pool_config pcfg;

	if (!cfg || cfg->format >= HIGHPT_PT_COUNT ||
	    cfg->access >= HIGHPT_ACCESS_COUNT)
		return false;
	if (cfg->access == HIGHPT_ACCESS_LOCAL)
		return true;
	if (!cfg->pool)
		return false;
	highpt_pool_config(cfg->pool, &pcfg);
	return cfg->access != HIGHPT_ACCESS_POOL ||
	       pcfg.deadlock != HIGHPT_DEADLOCK_RESERVE ||
	       pcfg.task_reserve >= HIGHPT_STORE_PAIR_RESERVE;
}

/**
 * highpt_space_create() - create an empty space
 * @cfg: its format, PTE placement, access mode and pool (copied)
 *
 * Context: process context; sleeps.
 * Return: the space, ERR_PTR(-EINVAL) for a bad @cfg (the pool and
 * nowait modes need a pool; pool access on a pool in reserve mode needs
 * its task_reserve to be at least 2, for copy and move) or
 * ERR_PTR(-ENOMEM).
 */
struct highpt_space *highpt_space_create(const struct highpt_space_config *cfg)
{
	struct highpt_space *s;

	if (!store_config_ok(cfg))
		return ERR_PTR(-EINVAL);
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->cfg = *cfg;
	mutex_init(&s->lock);
	spin_lock_init(&s->pt_lock);
	/* The legacy PGD always exists; PAE's 4-entry PGD is s->dir itself. */
	if (cfg->format == HIGHPT_PT_LEGACY) {
		s->dir[0] = store_alloc_dir(s);
		if (!s->dir[0]) {
			kfree(s);
			return ERR_PTR(-ENOMEM);
		}
	}
	s->id = atomic_inc_return(&store_next_id);
	highpt_stat_inc(HIGHPT_STAT_STORE_SPACES);
	return s;
}
EXPORT_SYMBOL_GPL(highpt_space_create);

/**
 * highpt_space_destroy() - free a space and everything in it
 * @space: the space; no operation on it may be running
 *
 * Context: process context; does not sleep.
 */
void highpt_space_destroy(struct highpt_space *space)
{
	unsigned int d, i;

	if (!space)
		return;
	for (d = 0; d < ARRAY_SIZE(space->dir); d++) {
		if (!space->dir[d])
			continue;
		for (i = 0; i < store_dir_entries(space_fmt(space)); i++) {
			struct page *pt = space->dir[d][i];

			if (pt) {
				store_account_pte_page(space, pt, -1);
				__free_page(pt);
			}
		}
		store_free_dir(space, &space->dir[d]);
	}
	spin_lock(&space->pt_lock);
	store_account_present(space, -(long)space->present);
	spin_unlock(&space->pt_lock);
	highpt_stat_add(HIGHPT_STAT_STORE_SPACES, -1);
	store_op_done(space, HIGHPT_STAT_STORE_OPS_DESTROY, 0, 0, 0);
	mutex_destroy(&space->lock);
	kfree(space);
}
EXPORT_SYMBOL_GPL(highpt_space_destroy);

/**
 * highpt_space_info() - a space's id and sizes
 * @space: the space
 * @info: filled in
 */
void highpt_space_info(struct highpt_space *space,
		       struct highpt_space_info *info)
{
	mutex_lock(&space->lock);
	spin_lock(&space->pt_lock);
	*info = (struct highpt_space_info) {
		.id = space->id,
		.pte_pages = space->pte_pages,
		.pte_pages_highmem = space->pte_pages_highmem,
		.dir_pages = space->dir_pages,
		.present = space->present,
	};
	spin_unlock(&space->pt_lock);
	mutex_unlock(&space->lock);
}
EXPORT_SYMBOL_GPL(highpt_space_info);

/**
 * highpt_space_pte_page() - the PTE page that covers an address
 * @space: the space
 * @va: the address
 *
 * Return: the page, or NULL if there is none; valid until the next
 * operation that may free it (zap, move, destroy, a shadow's sync).
 */
struct page *highpt_space_pte_page(struct highpt_space *space, u32 va)
{
	struct page *pt;

	mutex_lock(&space->lock);
	pt = store_pte_page(space, va, false);
	mutex_unlock(&space->lock);
	return pt;
}
EXPORT_SYMBOL_GPL(highpt_space_pte_page);

/*
 * Write entries [va, end) of one PTE page: pfn, pfn + 1, ... or clear.
 * Return: how many of them were present before, or an error.
 */
static int store_fill(struct highpt_space *s, u64 va, u64 end,
		      unsigned long pfn, unsigned int flags)
{
	struct highpt_mapping m;
	struct page *pt;
	int ret, was = 0, n = 0;

	lockdep_assert_held(&s->lock);
	pt = store_pte_page(s, va, flags != 0);
	if (!pt)
		return flags ? -ENOMEM : 0;
	ret = highpt_pte_map(s, pt, false, &m);
	if (ret)
		return ret;
	spin_lock(&s->pt_lock);
	for (; va < end; va += PAGE_SIZE, n++) {
		unsigned int i = store_pte_index(space_fmt(s), va);

		was += store_entry_present(store_entry_read(space_fmt(s), m.addr, i));
		store_entry_write(space_fmt(s), m.addr, i,
				  flags ? store_entry_make(pfn++, flags) : 0);
	}
	store_account_present(s, (flags ? n : 0) - was);
	spin_unlock(&s->pt_lock);
	highpt_pte_unmap(&m);
	return was;
}

/**
 * highpt_pte_set() - set one entry, allocating its PTE page if needed
 * @space: the space
 * @va: page-aligned address
 * @pfn: page frame number, below 2^HIGHPT_PAE_PFN_BITS (PAE) or
 *	2^HIGHPT_LEGACY_PFN_BITS (legacy)
 * @flags: HIGHPT_PTE_* flags, PRESENT among them
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL for bad arguments, -ERANGE for a frame number the
 * format cannot hold, -ENOMEM, or the pool's error.
 */
int highpt_pte_set(struct highpt_space *space, u32 va, unsigned long pfn,
		   unsigned int flags)
{
	int ret;

	if (!space || va & ~PAGE_MASK)
		return -EINVAL;
	ret = store_entry_check(space_fmt(space), pfn, 1, flags);
	if (ret)
		return ret;
	mutex_lock(&space->lock);
	ret = store_fill(space, va, (u64)va + PAGE_SIZE, pfn, flags);
	mutex_unlock(&space->lock);
	ret = min(ret, 0);
	store_op_done(space, HIGHPT_STAT_STORE_OPS_SET, va, PAGE_SIZE, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_pte_set);

/* Read @va's entry, under the space's lock: 0, -ENOENT or an error. */
static int store_read(struct highpt_space *s, u32 va, u64 *e)
{
	struct highpt_mapping m;
	struct page *pt;
	int ret;

	lockdep_assert_held(&s->lock);
	*e = 0;
	pt = store_pte_page(s, va, false);
	if (!pt)
		return -ENOENT;
	ret = highpt_pte_map(s, pt, false, &m);
	if (ret)
		return ret;
	spin_lock(&s->pt_lock);
	*e = store_entry_read(space_fmt(s), m.addr, store_pte_index(space_fmt(s), va));
	spin_unlock(&s->pt_lock);
	highpt_pte_unmap(&m);
	return store_entry_present(*e) ? 0 : -ENOENT;
}

/**
 * highpt_pte_get() - read one entry
 * @space: the space
 * @va: page-aligned address
 * @pfn: set to the entry's frame number
 * @flags: set to its flags
 *
 * Context: process context; may sleep.
 * Return: 0; -ENOENT if the entry is not present, -EINVAL, or the
 * pool's error.
 */
int highpt_pte_get(struct highpt_space *space, u32 va, unsigned long *pfn,
		   unsigned int *flags)
{
	int ret;
	u64 e;

	if (!space || va & ~PAGE_MASK || !pfn || !flags)
		return -EINVAL;
	mutex_lock(&space->lock);
	ret = store_read(space, va, &e);
	mutex_unlock(&space->lock);
	store_op_done(space, HIGHPT_STAT_STORE_OPS_GET, va, PAGE_SIZE, ret);
	*pfn = store_entry_pfn(e);
	*flags = store_entry_flags(e);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_pte_get);

/* Free the PTE pages of [start, end) that hold no present entry. */
static int store_free_empty(struct highpt_space *s, u64 start, u64 end)
{
	struct highpt_mapping m;
	u64 va;
	int ret;

	lockdep_assert_held(&s->lock);
	for (va = start; va < end; va = store_chunk_end(s, va, end)) {
		struct page *pt = store_pte_page(s, va, false);
		unsigned int i;
		bool empty = true;

		if (!pt)
			continue;
		ret = highpt_pte_map(s, pt, false, &m);
		if (ret)
			return ret;
		spin_lock(&s->pt_lock);
		for (i = 0; i < store_ptes_per_page(space_fmt(s)) && empty; i++)
			empty = !store_entry_present(store_entry_read(space_fmt(s),
								      m.addr, i));
		spin_unlock(&s->pt_lock);
		highpt_pte_unmap(&m);
		if (empty)
			store_free_pte_page(s, va);
	}
	return 0;
}

static int store_zap_locked(struct highpt_space *s, u64 start, u64 end)
{
	u64 va;
	int ret;

	lockdep_assert_held(&s->lock);
	for (va = start; va < end; va = store_chunk_end(s, va, end)) {
		ret = store_fill(s, va, store_chunk_end(s, va, end), 0, 0);
		if (ret < 0)
			return ret;
	}
	return store_free_empty(s, start, end);
}

/**
 * highpt_pte_clear() - clear one entry
 * @space: the space
 * @va: page-aligned address
 *
 * The PTE page stays, even if it becomes empty; highpt_zap_range()
 * frees empty ones.
 *
 * Context: process context; may sleep.
 * Return: 0; -ENOENT if the entry was not present, -EINVAL, or the
 * pool's error.
 */
int highpt_pte_clear(struct highpt_space *space, u32 va)
{
	int ret;

	if (!space || va & ~PAGE_MASK)
		return -EINVAL;
	mutex_lock(&space->lock);
	ret = store_fill(space, va, (u64)va + PAGE_SIZE, 0, 0);
	mutex_unlock(&space->lock);
	/* store_fill() counts the entries that were present: 0 or 1. */
	ret = ret < 0 ? ret : ret ? 0 : -ENOENT;
	store_op_done(space, HIGHPT_STAT_STORE_OPS_CLEAR, va, PAGE_SIZE, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_pte_clear);

/**
 * highpt_populate() - set a range of entries, as the fault path would
 * @space: the space
 * @start: page-aligned start
 * @len: page-aligned length
 * @pfn: frame number for @start; the next pages get @pfn + 1, ...
 * @flags: HIGHPT_PTE_* flags for every entry, PRESENT among them
 *
 * PTE pages are allocated as needed, each before it is mapped; an
 * allocation that fails does not wait for the OOM killer. On an error
 * the entries set so far stay set.
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL, -ERANGE (a frame number of the range past the
 * format's or an unsigned long's), -ENOMEM, -EINTR on a fatal signal,
 * or the pool's error.
 */
int highpt_populate(struct highpt_space *space, u32 start, u64 len,
		    unsigned long pfn, unsigned int flags)
{
	u64 va, end = start + len;
	int ret;

	if (!space || !store_range_ok(start, len))
		return -EINVAL;
	ret = store_entry_check(space_fmt(space), pfn, len >> PAGE_SHIFT, flags);
	if (ret)
		return ret;
	mutex_lock(&space->lock);
	for (va = start; va < end && ret >= 0;
	     va = store_chunk_end(space, va, end)) {
		ret = store_fill(space, va, store_chunk_end(space, va, end),
				 pfn + ((va - start) >> PAGE_SHIFT), flags);
		if (ret >= 0 && fatal_signal_pending(current))
			ret = -EINTR;
		cond_resched();
	}
	mutex_unlock(&space->lock);
	ret = min(ret, 0);
	store_op_done(space, HIGHPT_STAT_STORE_OPS_POPULATE, start, len, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_populate);

/**
 * highpt_zap_range() - clear a range, freeing PTE pages left empty
 * @space: the space
 * @start: page-aligned start
 * @len: page-aligned length
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL, or the pool's error.
 */
int highpt_zap_range(struct highpt_space *space, u32 start, u64 len)
{
	int ret;

	if (!space || !store_range_ok(start, len))
		return -EINVAL;
	mutex_lock(&space->lock);
	ret = store_zap_locked(space, start, start + len);
	mutex_unlock(&space->lock);
	store_op_done(space, HIGHPT_STAT_STORE_OPS_ZAP, start, len, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_zap_range);

/* Lock two spaces in id order, so two copies cannot deadlock (ABBA). */
static void store_lock_two(struct highpt_space *a, struct highpt_space *b)
{
	if (a->id > b->id)
		swap(a, b);
	mutex_lock(&a->lock);
	mutex_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
}

static void store_unlock_two(struct highpt_space *a, struct highpt_space *b)
{
	mutex_unlock(&a->lock);
	mutex_unlock(&b->lock);
}

static void store_pt_lock_two(struct highpt_space *a, struct highpt_space *b)
	__acquires(&a->pt_lock) __acquires(&b->pt_lock)
{
	if (a->id > b->id)
		swap(a, b);
	spin_lock(&a->pt_lock);
	spin_lock_nested(&b->pt_lock, SINGLE_DEPTH_NESTING);
}

static void store_pt_unlock_two(struct highpt_space *a, struct highpt_space *b)
	__releases(&a->pt_lock) __releases(&b->pt_lock)
{
	spin_unlock(&a->pt_lock);
	spin_unlock(&b->pt_lock);
}

/* Copy entries [va, end) of one PTE page from @src to @dst. */
static int store_copy_chunk(struct highpt_space *dst, struct highpt_space *src,
			    u64 va, u64 end)
{
	struct page *spt = store_pte_page(src, va, false), *dpt;
	struct highpt_pte_pair p;
	long delta = 0;
	int ret;

	if (!spt)
		return store_zap_locked(dst, va, end);
	dpt = store_pte_page(dst, va, true);
	if (!dpt)
		return -ENOMEM;
	ret = highpt_pte_map_pair(src, spt, dst, dpt, &p);
	if (ret)
		return ret;
	store_pt_lock_two(dst, src);
	for (; va < end; va += PAGE_SIZE) {
		unsigned int i = store_pte_index(space_fmt(src), va);
		u64 e = store_entry_read(space_fmt(src), p.a.addr, i);

		delta += store_entry_present(e) -
			 store_entry_present(store_entry_read(space_fmt(dst),
							      highpt_pte_pair_b(&p), i));
		store_entry_write(space_fmt(dst), highpt_pte_pair_b(&p), i, e);
	}
	store_account_present(dst, delta);
	store_pt_unlock_two(dst, src);
	highpt_pte_unmap_pair(&p);
	return 0;
}

/**
 * highpt_copy_range() - make a range of one space a copy of another's
 * @dst: the destination space
 * @src: the source space: same format, access mode and pool
 * @start: page-aligned start
 * @len: page-aligned length
 *
 * fork's copy_page_range(): the source and the destination PTE pages
 * are mapped at the same time (PAGETABLE and PAGETABLE2 in series mode,
 * one reservation of two in reserve mode).
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL for bad arguments or mismatched spaces, -ENOMEM,
 * -EINTR on a fatal signal (the part copied so far stays), or the
 * pool's error (-ETIMEDOUT when two-map tasks deadlock in mode "none").
 */
int highpt_copy_range(struct highpt_space *dst, struct highpt_space *src,
		      u32 start, u64 len)
{
	u64 va, end = start + len;
	int ret = 0;

	if (!dst || !src || dst == src || !store_range_ok(start, len) ||
	    space_fmt(dst) != space_fmt(src) || dst->cfg.access != src->cfg.access ||
	    dst->cfg.pool != src->cfg.pool)
		return -EINVAL;
	store_lock_two(dst, src);
	for (va = start; va < end && !ret; va = store_chunk_end(src, va, end)) {
		ret = store_copy_chunk(dst, src, va,
				       store_chunk_end(src, va, end));
		if (!ret && fatal_signal_pending(current))
			ret = -EINTR;
		cond_resched();
	}
	store_unlock_two(dst, src);
	store_op_done(dst, HIGHPT_STAT_STORE_OPS_COPY, start, len, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_copy_range);

/* The PTE pages a move maps, kept mapped while the next entry shares them. */
struct store_move {
	struct page *spt, *dpt;
	struct highpt_pte_pair p;
	bool mapped;
};

static int store_move_map(struct highpt_space *s, struct store_move *mv,
			  struct page *spt, struct page *dpt)
{
	int ret;

	if (mv->mapped && mv->spt == spt && mv->dpt == dpt)
		return 0;
	if (mv->mapped)
		highpt_pte_unmap_pair(&mv->p);
	mv->mapped = false;
	ret = highpt_pte_map_pair(s, spt, s, dpt, &mv->p);
	if (ret)
		return ret;
	mv->spt = spt;
	mv->dpt = dpt;
	mv->mapped = true;
	return 0;
}

/*
 * Allocate every absent PTE page of [start, end), each before anything
 * is mapped. On failure free exactly what this call allocated, PTE
 * pages and directory pages, so the space is as it was: -ENOMEM means
 * nothing changed. Pages that were there before stay, empty or not.
 */
static int store_prealloc(struct highpt_space *s, u64 start, u64 end)
{
	bool had_dir[ARRAY_SIZE(s->dir)], failed = false;
	unsigned long *fresh, n = 0, i;
	u64 va;
	int d;

	lockdep_assert_held(&s->lock);
	for (va = start; va < end; va = store_chunk_end(s, va, end))
		n++;
	fresh = bitmap_zalloc(n, GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	for (d = 0; d < ARRAY_SIZE(s->dir); d++)
		had_dir[d] = s->dir[d];
	for (va = start, i = 0; va < end && !failed;
	     va = store_chunk_end(s, va, end), i++) {
		if (store_pte_page(s, va, false))
			continue;
		failed = !store_pte_page(s, va, true);
		if (!failed)
			__set_bit(i, fresh);
	}
	if (failed) {
		for (va = start, i = 0; i < n;
		     va = store_chunk_end(s, va, end), i++)
			if (test_bit(i, fresh))
				store_free_pte_page(s, va);
		for (d = 0; d < ARRAY_SIZE(s->dir); d++) {
			if (s->dir[d] && !had_dir[d])
				store_free_dir(s, &s->dir[d]);
		}
	}
	bitmap_free(fresh);
	return failed ? -ENOMEM : 0;
}

static int store_move_locked(struct highpt_space *s, u64 old, u64 new,
			     u64 len)
{
	struct store_move mv = {};
	long delta = 0;
	u64 off;
	int ret = 0;

	lockdep_assert_held(&s->lock);
	/* Every destination PTE page first, before anything is mapped. */
	ret = store_prealloc(s, new, new + len);
	if (ret)
		return ret;
	for (off = 0; off < len && !ret; off += PAGE_SIZE) {
		struct page *spt = store_pte_page(s, old + off, false);
		struct page *dpt = store_pte_page(s, new + off, false);
		unsigned int si = store_pte_index(space_fmt(s), old + off);
		unsigned int di = store_pte_index(space_fmt(s), new + off);
		u64 e = 0;

		/* A hole moves too: the destination entry is cleared. */
		ret = store_move_map(s, &mv, spt ? spt : dpt, dpt);
		if (ret)
			break;
		/* Per entry: the next one may need a mapping that sleeps. */
		spin_lock(&s->pt_lock);
		if (spt) {
			e = store_entry_read(space_fmt(s), mv.p.a.addr, si);
			store_entry_write(space_fmt(s), mv.p.a.addr, si, 0);
			delta -= store_entry_present(e);
		}
		delta -= store_entry_present(store_entry_read(space_fmt(s),
						highpt_pte_pair_b(&mv.p), di));
		store_entry_write(space_fmt(s), highpt_pte_pair_b(&mv.p), di, e);
		delta += store_entry_present(e);
		spin_unlock(&s->pt_lock);
	}
	if (mv.mapped)
		highpt_pte_unmap_pair(&mv.p);
	spin_lock(&s->pt_lock);
	store_account_present(s, delta);
	spin_unlock(&s->pt_lock);
	return ret ? ret : store_free_empty(s, old, old + len);
}

/**
 * highpt_move_range() - move a range's entries within a space
 * @space: the space
 * @old: page-aligned source
 * @new: page-aligned destination, not overlapping the source
 * @len: page-aligned length
 *
 * mremap's move_one_page(): two PTE pages mapped at once. Holes move
 * too; destination entries are replaced; source PTE pages left empty
 * are freed.
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL for bad or overlapping ranges, -ENOMEM (nothing
 * moved), or the pool's error (entries moved so far stay moved).
 */
int highpt_move_range(struct highpt_space *space, u32 old, u32 new, u64 len)
{
	int ret;

	if (!space || !store_range_ok(old, len) || !store_range_ok(new, len) ||
	    ((u64)old < new + len && (u64)new < old + len))
		return -EINVAL;
	mutex_lock(&space->lock);
	ret = store_move_locked(space, old, new, len);
	mutex_unlock(&space->lock);
	store_op_done(space, HIGHPT_STAT_STORE_OPS_MOVE, old, len, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_move_range);

/**
 * highpt_walk() - call @fn for each present entry of a range
 * @space: the space
 * @start: page-aligned start
 * @len: page-aligned length
 * @fn: the callback; runs under a spinlock and must not sleep
 * @arg: passed to @fn
 *
 * The swap_out scan of 2002, the place the original patch forgot an
 * unmap: PTE pages are reached without sleeping (kmap_local_page, or
 * the pool with NOWAIT) and each is unmapped before the next.
 *
 * Context: process context; may sleep before the scan starts.
 * Return: 0, what @fn returned to stop the walk, or -EINVAL.
 */
int highpt_walk(struct highpt_space *space, u32 start, u64 len,
		highpt_walk_fn fn, void *arg)
{
	u64 va, end = start + len;
	int ret = 0;

	if (!space || !fn || !store_range_ok(start, len))
		return -EINVAL;
	mutex_lock(&space->lock);
	spin_lock(&space->pt_lock);
	for (va = start; va < end && !ret; va = store_chunk_end(space, va, end)) {
		struct page *pt = store_pte_page(space, va, false);
		u64 chunk_end = store_chunk_end(space, va, end), v;
		struct highpt_mapping m;

		if (!pt)
			continue;
		ret = highpt_pte_map(space, pt, true, &m);
		for (v = va; v < chunk_end && !ret; v += PAGE_SIZE) {
			u64 e = store_entry_read(space_fmt(space), m.addr,
						 store_pte_index(space_fmt(space), v));

			if (store_entry_present(e))
				ret = fn(v, store_entry_pfn(e),
					 store_entry_flags(e), arg);
		}
		if (m.kind != HIGHPT_MAPPING_NONE)
			highpt_pte_unmap(&m);
	}
	spin_unlock(&space->pt_lock);
	mutex_unlock(&space->lock);
	store_op_done(space, HIGHPT_STAT_STORE_OPS_WALK, start, len, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(highpt_walk);

/**
 * highpt_store_commit() - replace one PTE page's entries with a snapshot
 * @space: the space
 * @va: page-aligned start, in the PTE page that covers @nr pages from it
 * @nr: entries, at most to the end of that PTE page
 * @entries: the new entries, store_entry_make() values (format.h) or 0;
 *	their frame numbers fit the space's format
 * @valid: called under the space's pt_lock before anything is written;
 *	false means the snapshot is stale and nothing is written
 * @arg: passed to @valid
 *
 * What a shadow's sync needs: the PTE page is allocated (if any entry
 * is present) and mapped first, then @valid and the writes happen under
 * the pt_lock that the shadow's invalidation also takes, so no
 * invalidation can fall between the check and the writes. A PTE page
 * left empty, or allocated for a snapshot found stale, is freed.
 *
 * Context: process context; may sleep.
 * Return: the number of entries present after the write; -EAGAIN if
 * @valid said no, -EINVAL, -ENOMEM, or the pool's error.
 */
int highpt_store_commit(struct highpt_space *space, u32 va, unsigned int nr,
			const u64 *entries, bool (*valid)(void *arg), void *arg)
{
	enum highpt_pt_format f = space_fmt(space);
	unsigned int i, first = store_pte_index(f, va), now = 0;
	struct highpt_mapping m;
	bool any = false, fresh;
	struct page *pt;
	long delta = 0;
	int ret;

	if (va & ~PAGE_MASK || !nr || nr > store_ptes_per_page(f) - first)
		return -EINVAL;
	for (i = 0; i < nr && !any; i++)
		any = store_entry_present(entries[i]);
	mutex_lock(&space->lock);
	fresh = !store_pte_page(space, va, false);
	pt = store_pte_page(space, va, any);
	ret = pt ? highpt_pte_map(space, pt, false, &m) : any ? -ENOMEM : 0;
	if (ret && pt && fresh)
		store_free_pte_page(space, va);	/* empty: nothing was written */
	if (ret || !pt)
		goto out;
	spin_lock(&space->pt_lock);
	if (!valid(arg)) {
		ret = -EAGAIN;
	} else {
		for (i = 0; i < nr; i++) {
			u64 old = store_entry_read(f, m.addr, first + i);

			delta += store_entry_present(entries[i]) -
				 store_entry_present(old);
			now += store_entry_present(entries[i]);
			store_entry_write(f, m.addr, first + i, entries[i]);
		}
		store_account_present(space, delta);
	}
	spin_unlock(&space->pt_lock);
	highpt_pte_unmap(&m);
	/* Also a page allocated for a stale snapshot: none is left empty. */
	if (!now) {
		int err = store_free_empty(space, va, va + PAGE_SIZE);

		ret = ret ? ret : err;
	}
	if (!ret)
		ret = now;
out:
	mutex_unlock(&space->lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(highpt_store_commit, HIGHPT_INTERNAL_NS);

/*
 * Map @pt without sleeping: the space's own way when it cannot sleep
 * (kmap_local, or a NOWAIT pool map: pte_offset_nowait), else
 * kmap_local_page() itself, which never fails: the pool refuses a
 * fallback when the task holds many kmap_local mappings or IRQs are
 * off, and an invalidation must clear its entries all the same.
 */
static void *store_map_nowait(struct highpt_space *s, struct page *pt,
			      struct highpt_mapping *m)
{
	if (!highpt_pte_map(s, pt, true, m))
		return m->addr;
	memset(m, 0, sizeof(*m));
	highpt_stat_inc(HIGHPT_STAT_STORE_PTE_MAPS);
	return kmap_local_page(pt);
}

static void store_unmap_nowait(struct highpt_mapping *m, void *addr)
{
	if (m->kind == HIGHPT_MAPPING_NONE)
		kunmap_local(addr);
	else
		highpt_pte_unmap(m);
}

/**
 * highpt_store_clear_nowait() - clear a range without sleeping
 * @space: the space
 * @start: page-aligned start
 * @end: page-aligned end, past @start, at most HIGHPT_SPACE_SIZE
 * @locked: called first under the space's pt_lock (a shadow records
 *	its invalidation's sequence number there), or NULL
 * @arg: passed to @locked
 *
 * A shadow's invalidation: entries are cleared under pt_lock alone, PTE
 * pages are reached without sleeping and none is allocated or freed, so
 * it may run where the kernel's invalidation cannot block and while
 * another task holds the space's mutex (a later sync frees what it
 * left empty).
 *
 * Context: any context that may take a spinlock, not holding the
 * space's pt_lock; never sleeps.
 * Return: the number of entries that were present and are now clear.
 */
unsigned long highpt_store_clear_nowait(struct highpt_space *space,
					u64 start, u64 end,
					void (*locked)(void *arg), void *arg)
{
	enum highpt_pt_format f = space_fmt(space);
	unsigned long cleared = 0;
	u64 va, v;

	spin_lock(&space->pt_lock);
	if (locked)
		locked(arg);
	for (va = start; va < end; va = store_chunk_end(space, va, end)) {
		struct highpt_mapping m;
		unsigned long n = 0;
		struct page **slot;
		void *addr;

		/*
		 * One PTE page at a time, so a long range is no long lock
		 * hold: a commit that comes between two sees @locked's
		 * record and stands back. The slot is looked up after: a
		 * directory may go while the lock is dropped.
		 */
		if (va != start) {
			spin_unlock(&space->pt_lock);
			spin_lock(&space->pt_lock);
		}
		slot = store_dir_slot(space, va, false);
		if (!slot || !*slot)
			continue;
		addr = store_map_nowait(space, *slot, &m);
		for (v = va; v < store_chunk_end(space, va, end); v += PAGE_SIZE) {
			unsigned int i = store_pte_index(f, v);

			if (store_entry_present(store_entry_read(f, addr, i))) {
				store_entry_write(f, addr, i, 0);
				n++;
			}
		}
		store_unmap_nowait(&m, addr);
		store_account_present(space, -(long)n);
		cleared += n;
	}
	spin_unlock(&space->pt_lock);
	return cleared;
}
EXPORT_SYMBOL_NS_GPL(highpt_store_clear_nowait, HIGHPT_INTERNAL_NS);

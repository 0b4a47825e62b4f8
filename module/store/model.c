// SPDX-License-Identifier: GPL-2.0
/*
 * The store's reference model and random operations (model.h).
 */
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/slab.h>

#include "model.h"

#define TOP_BASE	0xff800000U	/* the top 8 MiB of the space */
#define TOP_PAGES	2048U

const char *const highpt_model_op_names[HIGHPT_MODEL_OPS] = {
	[HIGHPT_MODEL_SET]	= "set",
	[HIGHPT_MODEL_GET]	= "get",
	[HIGHPT_MODEL_CLEAR]	= "clear",
	[HIGHPT_MODEL_POPULATE]	= "populate",
	[HIGHPT_MODEL_ZAP]	= "zap",
	[HIGHPT_MODEL_MOVE]	= "move",
	[HIGHPT_MODEL_COPY]	= "copy",
	[HIGHPT_MODEL_WALK]	= "walk",
};

static u64 model_val(unsigned long pfn, unsigned int flags)
{
	return (u64)pfn << 7 | flags;
}

/**
 * highpt_model_init() - start an empty model of a space
 * @m: the model
 * @space: the space, empty in the model's region (and top 8 MiB)
 * @base: page-aligned start of the region
 * @pages: the region's size in pages
 * @top: use the top 8 MiB too; then the space must be the model's alone
 */
void highpt_model_init(struct highpt_model *m, struct highpt_space *space,
		       u32 base, unsigned int pages, bool top)
{
	m->space = space;
	m->base = base;
	m->pages = pages;
	m->top = top;
	xa_init(&m->xa);
}
EXPORT_SYMBOL_NS_GPL(highpt_model_init, HIGHPT_INTERNAL_NS);

/**
 * highpt_model_destroy() - free a model (not its space)
 * @m: the model
 */
void highpt_model_destroy(struct highpt_model *m)
{
	xa_destroy(&m->xa);
}
EXPORT_SYMBOL_NS_GPL(highpt_model_destroy, HIGHPT_INTERNAL_NS);

static unsigned long model_count(struct highpt_model *m)
{
	unsigned long n = 0, i;
	void *e;

	xa_for_each(&m->xa, i, e)
		n++;
	return n;
}

static u64 model_get(struct highpt_model *m, u32 va)
{
	void *e = xa_load(&m->xa, va >> PAGE_SHIFT);

	return e ? xa_to_value(e) : 0;
}

static void model_put(struct highpt_model *m, u32 va, u64 v)
{
	if (v)
		xa_store(&m->xa, va >> PAGE_SHIFT, xa_mk_value(v), GFP_KERNEL);
	else
		xa_erase(&m->xa, va >> PAGE_SHIFT);
}

static u32 rng(struct highpt_model_rng *r, u32 n)
{
	return prandom_u32_state(&r->rnd) % n;
}

/* A random page of the model's two regions, and how many follow it. */
static u32 model_va(struct highpt_model *m, struct highpt_model_rng *r,
		    unsigned int *room)
{
	if (!m->top || rng(r, 4)) {
		unsigned int p = rng(r, m->pages);

		*room = m->pages - p;
		return m->base + p * PAGE_SIZE;
	}
	*room = TOP_PAGES;
	*room -= rng(r, TOP_PAGES);
	return TOP_BASE + (TOP_PAGES - *room) * PAGE_SIZE;
}

struct model_walk {
	struct highpt_model *m;
	unsigned long seen;
	bool wrong;
};

static int model_walk_fn(u32 va, unsigned long pfn, unsigned int flags,
			 void *arg)
{
	struct model_walk *w = arg;

	w->seen++;
	if (model_get(w->m, va) != model_val(pfn, flags))
		w->wrong = true;
	return 0;
}

static void model_check(struct highpt_model_rng *r, bool ok)
{
	if (!ok) {
		r->errors++;
		r->bad[r->op]++;
	}
}

static void model_unexpected(struct highpt_model_rng *r)
{
	r->failures++;
	r->bad[r->op]++;
}

/* The operation failed: with @err_ok (a tiny pool) that may be allowed. */
static bool model_failed(struct highpt_model_rng *r, int ret, int err_ok)
{
	if (!ret)
		return false;
	if (ret != err_ok)
		model_unexpected(r);
	return true;
}

struct model_read {
	u32 va;
	u64 *got;
};

static int model_read_fn(u32 va, unsigned long pfn, unsigned int flags,
			 void *arg)
{
	struct model_read *rd = arg;

	rd->got[(va - rd->va) >> PAGE_SHIFT] = model_val(pfn, flags);
	return 0;
}

/*
 * After an allowed failure part of the range may be done: every entry
 * must hold its old value or its new one, never anything else. The
 * model then takes what the store holds. The walk reads without
 * sleeping, so it cannot fail on a busy pool.
 */
static void model_settle(struct highpt_model *m, struct highpt_model_rng *r,
			 u32 va, unsigned int n, const u64 *want)
{
	struct model_read rd = { .va = va };
	unsigned int i;

	rd.got = kcalloc(n, sizeof(*rd.got), GFP_KERNEL);
	if (!rd.got || highpt_walk(m->space, va, (u64)n * PAGE_SIZE,
				   model_read_fn, &rd)) {
		model_unexpected(r);
		kfree(rd.got);
		return;
	}
	for (i = 0; i < n; i++) {
		u32 a = va + i * PAGE_SIZE;

		model_check(r, rd.got[i] == model_get(m, a) ||
			    rd.got[i] == want[i]);
		model_put(m, a, rd.got[i]);
	}
	kfree(rd.got);
}

/* Take the operation's result @want into the model, as far as it went. */
static void model_apply(struct highpt_model *m, struct highpt_model_rng *r,
			int ret, int err_ok, u32 va, unsigned int n,
			const u64 *want)
{
	unsigned int i;

	if (ret == err_ok && ret)
		model_settle(m, r, va, n, want);
	else if (!model_failed(r, ret, err_ok))
		for (i = 0; i < n; i++)
			model_put(m, va + i * PAGE_SIZE, want[i]);
}

/**
 * highpt_model_random_op() - run one random operation, check its result
 * @m: the model
 * @copy: for copies, a model of another space with the same regions
 *	and format; NULL for none
 * @r: the random source and tallies
 * @err_ok: an error the store may return instead (a tiny pool), or 0
 *
 * The result is checked against the model, and the operation applied
 * to the model as far as the store did it. A disagreement counts in
 * @r->errors, an unexpected failure in @r->failures.
 */
void highpt_model_random_op(struct highpt_model *m, struct highpt_model *copy,
			    struct highpt_model_rng *r, int err_ok)
{
	/* Half the legacy range: room for a run of frames after it. */
	unsigned long pfn = rng(r, 1U << (HIGHPT_LEGACY_PFN_BITS - 1));
	unsigned int flags = HIGHPT_PTE_PRESENT |
			     (rng(r, 128) & HIGHPT_PTE_FLAGS);
	unsigned int room, n, got_flags, i;
	struct model_walk w = { .m = m };
	u32 va = model_va(m, r, &room), to;
	unsigned long got_pfn;
	u64 *want, *moved;
	int ret;

	n = 1 + rng(r, min(room, 1200U));
	r->ops++;
	want = kcalloc(2 * n, sizeof(*want), GFP_KERNEL);
	if (!want) {
		r->failures++;	/* before any operation is drawn */
		return;
	}
	/* Drawn after the allocation, as always: same seed, same run. */
	r->op = rng(r, HIGHPT_MODEL_OPS);
	moved = want + n;
	switch (r->op) {
	case HIGHPT_MODEL_SET:
		want[0] = model_val(pfn, flags);
		ret = highpt_pte_set(m->space, va, pfn, flags);
		model_apply(m, r, ret, err_ok, va, 1, want);
		break;
	case HIGHPT_MODEL_GET:
		ret = highpt_pte_get(m->space, va, &got_pfn, &got_flags);
		if (ret == -ENOENT)
			model_check(r, !model_get(m, va));
		else if (!model_failed(r, ret, err_ok))
			model_check(r, model_get(m, va) ==
				    model_val(got_pfn, got_flags));
		break;
	case HIGHPT_MODEL_CLEAR:
		ret = highpt_pte_clear(m->space, va);
		if (ret == -ENOENT)
			model_check(r, !model_get(m, va));
		else
			model_apply(m, r, ret, err_ok, va, 1, want);
		break;
	case HIGHPT_MODEL_POPULATE:
		for (i = 0; i < n; i++)
			want[i] = model_val(pfn + i, flags);
		ret = highpt_populate(m->space, va, (u64)n * PAGE_SIZE, pfn,
				      flags);
		model_apply(m, r, ret, err_ok, va, n, want);
		break;
	case HIGHPT_MODEL_ZAP:
		ret = highpt_zap_range(m->space, va, (u64)n * PAGE_SIZE);
		model_apply(m, r, ret, err_ok, va, n, want);
		break;
	case HIGHPT_MODEL_MOVE:
		/* Move the first half of the run onto its second half's end. */
		n = max(n / 2, 1U);
		if (room < 2 * n)
			break;
		to = va + (room - n) * PAGE_SIZE;
		for (i = 0; i < n; i++)
			moved[i] = model_get(m, va + i * PAGE_SIZE);
		ret = highpt_move_range(m->space, va, to, (u64)n * PAGE_SIZE);
		model_apply(m, r, ret, err_ok, to, n, moved);
		model_apply(m, r, ret, err_ok, va, n, want);
		break;
	case HIGHPT_MODEL_COPY:
		if (!copy)
			break;
		for (i = 0; i < n; i++)
			want[i] = model_get(m, va + i * PAGE_SIZE);
		ret = highpt_copy_range(copy->space, m->space, va,
					(u64)n * PAGE_SIZE);
		model_apply(copy, r, ret, err_ok, va, n, want);
		break;
	case HIGHPT_MODEL_WALK:
	default:
		ret = highpt_walk(m->space, va, (u64)n * PAGE_SIZE,
				  model_walk_fn, &w);
		model_failed(r, ret, 0);
		for (i = 0; i < n; i++)
			w.seen -= model_get(m, va + i * PAGE_SIZE) != 0;
		model_check(r, !w.wrong && !w.seen);
		break;
	}
	kfree(want);
}
EXPORT_SYMBOL_NS_GPL(highpt_model_random_op, HIGHPT_INTERNAL_NS);

/**
 * highpt_model_compare() - compare a space with its model, entry by entry
 * @m: the model
 *
 * Every page of the region (and the top 8 MiB) is read; with @m->top
 * the count of entries present must match too.
 *
 * Return: the number of differences.
 */
int highpt_model_compare(struct highpt_model *m)
{
	struct highpt_space_info info;
	unsigned int p, flags;
	unsigned long pfn;
	int wrong = 0;

	for (p = 0; p < m->pages + (m->top ? TOP_PAGES : 0); p++) {
		u32 va = p < m->pages ? m->base + p * PAGE_SIZE :
			 TOP_BASE + (p - m->pages) * PAGE_SIZE;
		int ret = highpt_pte_get(m->space, va, &pfn, &flags);
		u64 want = model_get(m, va);

		if (ret ? ret != -ENOENT || want : want != model_val(pfn, flags))
			wrong++;
	}
	/* Only a space of its own has no entries outside the model. */
	highpt_space_info(m->space, &info);
	return wrong + (m->top && info.present != model_count(m));
}
EXPORT_SYMBOL_NS_GPL(highpt_model_compare, HIGHPT_INTERNAL_NS);

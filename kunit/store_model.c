// SPDX-License-Identifier: GPL-2.0
/*
 * The store's reference model and random operations (store_model.h).
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "store_model.h"

#define TOP_BASE	0xff800000U	/* the top 8 MiB of the space */
#define TOP_PAGES	2048U

static u64 model_val(unsigned long pfn, unsigned int flags)
{
	return (u64)pfn << 7 | flags;
}

void model_init(struct store_model *m, struct highpt_space *space, u32 base,
		unsigned int pages)
{
	m->space = space;
	m->base = base;
	m->pages = pages;
	m->top = true;
	xa_init(&m->xa);
}

void model_destroy(struct store_model *m)
{
	xa_destroy(&m->xa);
}

unsigned long model_count(struct store_model *m)
{
	unsigned long n = 0, i;
	void *e;

	xa_for_each(&m->xa, i, e)
		n++;
	return n;
}

static u64 model_get(struct store_model *m, u32 va)
{
	void *e = xa_load(&m->xa, va >> PAGE_SHIFT);

	return e ? xa_to_value(e) : 0;
}

static void model_put(struct store_model *m, u32 va, u64 v)
{
	if (v)
		xa_store(&m->xa, va >> PAGE_SHIFT, xa_mk_value(v), GFP_KERNEL);
	else
		xa_erase(&m->xa, va >> PAGE_SHIFT);
}

static u32 rng(struct store_rng *r, u32 n)
{
	return prandom_u32_state(&r->rnd) % n;
}

/* A random page of the model's two regions, and how many follow it. */
static u32 model_va(struct store_model *m, struct store_rng *r,
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
	struct store_model *m;
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

static void model_check(struct store_rng *r, bool ok)
{
	if (!ok)
		r->errors++;
}

/* The operation failed: with @err_ok (a tiny pool) that may be allowed. */
static bool model_failed(struct store_rng *r, int ret, int err_ok)
{
	if (!ret)
		return false;
	if (ret != err_ok)
		r->failures++;
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
static void model_settle(struct store_model *m, struct store_rng *r, u32 va,
			 unsigned int n, const u64 *want)
{
	struct model_read rd = { .va = va };
	unsigned int i;

	rd.got = kcalloc(n, sizeof(*rd.got), GFP_KERNEL);
	if (!rd.got || highpt_walk(m->space, va, (u64)n * PAGE_SIZE,
				   model_read_fn, &rd)) {
		r->failures++;
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
static void model_apply(struct store_model *m, struct store_rng *r, int ret,
			int err_ok, u32 va, unsigned int n, const u64 *want)
{
	unsigned int i;

	if (ret == err_ok && ret)
		model_settle(m, r, va, n, want);
	else if (!model_failed(r, ret, err_ok))
		for (i = 0; i < n; i++)
			model_put(m, va + i * PAGE_SIZE, want[i]);
}

/*
 * One random operation on @m (and for copies, into @copy, which has
 * the same regions), applied to the model as far as the store did it.
 * @err_ok: an error the store may return instead (0: none).
 */
void model_random_op(struct store_model *m, struct store_model *copy,
		     struct store_rng *r, int err_ok)
{
	unsigned long pfn = rng(r, 1U << 19);
	unsigned int flags = HIGHPT_PTE_PRESENT |
			     (rng(r, 128) & HIGHPT_PTE_FLAGS);
	unsigned int room, n, got_flags, i;
	struct model_walk w = { .m = m };
	u32 va = model_va(m, r, &room), to;
	unsigned long got_pfn;
	u64 *want, *moved;
	int ret;

	n = 1 + rng(r, min(room, 1200U));
	want = kcalloc(2 * n, sizeof(*want), GFP_KERNEL);
	if (!want) {
		r->failures++;
		return;
	}
	moved = want + n;
	switch (rng(r, 8)) {
	case 0:
		want[0] = model_val(pfn, flags);
		ret = highpt_pte_set(m->space, va, pfn, flags);
		model_apply(m, r, ret, err_ok, va, 1, want);
		break;
	case 1:
		ret = highpt_pte_get(m->space, va, &got_pfn, &got_flags);
		if (ret == -ENOENT)
			model_check(r, !model_get(m, va));
		else if (!model_failed(r, ret, err_ok))
			model_check(r, model_get(m, va) ==
				    model_val(got_pfn, got_flags));
		break;
	case 2:
		ret = highpt_pte_clear(m->space, va);
		if (ret == -ENOENT)
			model_check(r, !model_get(m, va));
		else
			model_apply(m, r, ret, err_ok, va, 1, want);
		break;
	case 3:
		for (i = 0; i < n; i++)
			want[i] = model_val(pfn + i, flags);
		ret = highpt_populate(m->space, va, (u64)n * PAGE_SIZE, pfn,
				      flags);
		model_apply(m, r, ret, err_ok, va, n, want);
		break;
	case 4:
		ret = highpt_zap_range(m->space, va, (u64)n * PAGE_SIZE);
		model_apply(m, r, ret, err_ok, va, n, want);
		break;
	case 5:
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
	case 6:
		if (!copy)
			break;
		for (i = 0; i < n; i++)
			want[i] = model_get(m, va + i * PAGE_SIZE);
		ret = highpt_copy_range(copy->space, m->space, va,
					(u64)n * PAGE_SIZE);
		model_apply(copy, r, ret, err_ok, va, n, want);
		break;
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

/*
 * Compare every page of both regions, and the count of entries present,
 * with the model. Returns the number of differences.
 */
int model_compare(struct store_model *m)
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

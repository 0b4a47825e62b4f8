// SPDX-License-Identifier: GPL-2.0
/*
 * Reaching a space's PTE pages: kmap_local_page(), the pool, or the pool
 * without sleeping, and two at once for copy and move, following the
 * pool's deadlock-avoidance mode.
 */
#include <linux/highmem.h>
#include <linux/string.h>

#include "store.h"

static enum highpt_deadlock_mode store_pool_mode(struct highpt_pool *pool)
{
	struct highpt_pool_config cfg;

	highpt_pool_config(pool, &cfg);
	return cfg.deadlock;
}

/*
 * Map one PTE page. @atomic: the caller may not sleep (the walk), so
 * the pool is only tried without waiting.
 */
int highpt_pte_map(struct highpt_space *s, struct page *pt, bool atomic,
		   struct highpt_mapping *m)
{
	unsigned int flags = 0;
	int ret;

	memset(m, 0, sizeof(*m));
	/*
	 * A store bug, never the caller's: kmap_local_page(NULL) would map
	 * a garbage frame where DEBUG_KMAP_LOCAL_FORCE_MAP is set.
	 */
	if (WARN_ON_ONCE(!pt))
		return -EINVAL;
	switch (s->cfg.access) {
	case HIGHPT_ACCESS_LOCAL:
		m->page = pt;
		m->addr = kmap_local_page(pt);
		m->kind = HIGHPT_MAPPING_LOCAL;
		highpt_stat_inc(HIGHPT_STAT_STORE_PTE_MAPS);
		return 0;
	case HIGHPT_ACCESS_NOWAIT:
		flags = HIGHPT_MAP_NOWAIT;
		break;
	default:
		if (atomic)
			flags = HIGHPT_MAP_NOWAIT;
		break;
	}
	if (store_pool_mode(s->cfg.pool) == HIGHPT_DEADLOCK_SERIES)
		flags |= HIGHPT_MAP_CLASS(HIGHPT_CLASS_PAGETABLE);
	ret = highpt_map(s->cfg.pool, pt, flags, NULL, m);
	if (!ret)
		highpt_stat_inc(HIGHPT_STAT_STORE_PTE_MAPS);
	return ret;
}

void highpt_pte_unmap(struct highpt_mapping *m)
{
	highpt_unmap(m);
}

/*
 * Map two PTE pages at once (fork's source and destination, mremap's
 * old and new), so that it cannot deadlock in the pool's mode: series
 * takes PAGETABLE then PAGETABLE2, reserve reserves both slots first,
 * nowait never sleeps. With "none" two maps may deadlock against other
 * tasks; the pool's bounded wait then makes this fail with -ETIMEDOUT.
 */
int highpt_pte_map_pair(struct highpt_space *sa, struct page *pa,
			struct highpt_space *sb, struct page *pb,
			struct highpt_pte_pair *p)
{
	struct highpt_pool *pool = sa->cfg.pool;
	struct highpt_reservation *res = NULL;
	unsigned int fa = 0, fb = 0;
	int ret;

	memset(p, 0, sizeof(*p));
	if (WARN_ON_ONCE(!pa || !pb))	/* as in highpt_pte_map() */
		return -EINVAL;
	p->same = pa == pb;
	if (sa->cfg.access == HIGHPT_ACCESS_LOCAL) {
		ret = highpt_pte_map(sa, pa, false, &p->a);
		if (!ret && !p->same)
			ret = highpt_pte_map(sb, pb, false, &p->b);
		return ret;
	}
	if (sa->cfg.access == HIGHPT_ACCESS_NOWAIT) {
		fa = HIGHPT_MAP_NOWAIT;
		fb = HIGHPT_MAP_NOWAIT;
	}
	if (store_pool_mode(pool) == HIGHPT_DEADLOCK_SERIES) {
		fa |= HIGHPT_MAP_CLASS(HIGHPT_CLASS_PAGETABLE);
		fb |= HIGHPT_MAP_CLASS(HIGHPT_CLASS_PAGETABLE2);
	} else if (store_pool_mode(pool) == HIGHPT_DEADLOCK_RESERVE &&
		   sa->cfg.access == HIGHPT_ACCESS_POOL) {
		ret = highpt_reserve(pool, p->same ? 1 :
				     HIGHPT_STORE_PAIR_RESERVE, &p->res);
		if (ret)
			return ret;
		res = &p->res;
	}
	ret = highpt_map(pool, pa, fa, res, &p->a);
	if (!ret && !p->same) {
		ret = highpt_map(pool, pb, fb, res, &p->b);
		if (ret)
			highpt_unmap(&p->a);
	}
	if (ret && res)
		highpt_unreserve(res);
	if (!ret)
		highpt_stat_add(HIGHPT_STAT_STORE_PTE_MAPS, p->same ? 1 : 2);
	return ret;
}

/* Unmap in reverse order: kmap_local mappings are a stack. */
void highpt_pte_unmap_pair(struct highpt_pte_pair *p)
{
	if (!p->same)
		highpt_unmap(&p->b);
	highpt_unmap(&p->a);
	if (p->res.pool)
		highpt_unreserve(&p->res);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Free pages as the page allocator sees them, to find pages a test
 * leaked: NR_FREE_PAGES leaves out the pages parked on per-CPU lists,
 * and its zone total lags each CPU's not yet folded difference.
 */
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/vmstat.h>

#include "zone_free.h"

/* @zone's free pages, counting per-CPU lists and unfolded differences. */
unsigned long zone_free(struct zone *zone)
{
	unsigned long n = zone_page_state_snapshot(zone, NR_FREE_PAGES);
	int cpu;

	for_each_online_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(zone->per_cpu_pageset, cpu)->count);
	return n;
}

/* The free pages of every populated zone, lowmem and highmem alike. */
unsigned long zones_free(void)
{
	unsigned long n = 0;
	int nid, i;

	for_each_online_node(nid) {
		for (i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[i];

			if (populated_zone(zone))
				n += zone_free(zone);
		}
	}
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Copying to and from a page through kmap_local_page(), counted.
 *
 * The smallest use of a highmem page: map it for the copy only, then
 * unmap in LIFO order. Everything else in highpt that touches page
 * contents without the pool goes through here, so the counters say how
 * often highmem had to be mapped.
 */
#include <linux/export.h>
#include <linux/highmem.h>
#include <linux/string.h>

#include "internal.h"

static void *highpt_local_map(struct page *page)
{
	highpt_stat_inc(HIGHPT_STAT_LOCAL_MAPS);
	if (PageHighMem(page))
		highpt_stat_inc(HIGHPT_STAT_LOCAL_MAPS_HIGHMEM);
	return kmap_local_page(page);
}

static bool highpt_range_ok(size_t offset, size_t len)
{
	return offset <= PAGE_SIZE && len <= PAGE_SIZE - offset;
}

/**
 * highpt_page_write() - copy bytes into a page through kmap_local_page()
 * @page: destination page, highmem or lowmem
 * @offset: byte offset in @page
 * @buf: source
 * @len: number of bytes
 *
 * Context: any context; does not sleep.
 * Return: 0, or -EINVAL if the range does not fit in one page.
 */
int highpt_page_write(struct page *page, size_t offset, const void *buf,
		      size_t len)
{
	void *addr;

	if (!highpt_range_ok(offset, len))
		return -EINVAL;
	addr = highpt_local_map(page);
	memcpy(addr + offset, buf, len);
	kunmap_local(addr);
	return 0;
}
EXPORT_SYMBOL_GPL(highpt_page_write);

/**
 * highpt_page_read() - copy bytes out of a page through kmap_local_page()
 * @page: source page, highmem or lowmem
 * @offset: byte offset in @page
 * @buf: destination
 * @len: number of bytes
 *
 * Context: any context; does not sleep.
 * Return: 0, or -EINVAL if the range does not fit in one page.
 */
int highpt_page_read(struct page *page, size_t offset, void *buf, size_t len)
{
	void *addr;

	if (!highpt_range_ok(offset, len))
		return -EINVAL;
	addr = highpt_local_map(page);
	memcpy(buf, addr + offset, len);
	kunmap_local(addr);
	return 0;
}
EXPORT_SYMBOL_GPL(highpt_page_read);

'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/', label: 'Stake' },
  { href: '/bridge', label: 'Bridge' },
  { href: '/withdraw', label: 'Withdraw' },
  { href: '/portfolio', label: 'Portfolio' },
  { href: '/protocol', label: 'Protocol' },
] as const;

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="site-nav">
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={pathname === link.href ? 'page' : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

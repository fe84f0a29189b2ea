import type { Metadata } from 'next';
import { PortfolioApp } from '@/components/PortfolioApp';

export const metadata: Metadata = { title: 'Portfolio — Tributary' };

export default function PortfolioPage() {
  return (
    <>
      <h1 className="visually-hidden">Your trETH on every chain</h1>
      <PortfolioApp />
    </>
  );
}

import type { Metadata } from 'next';
import { WithdrawApp } from '@/components/WithdrawApp';

export const metadata: Metadata = { title: 'Withdraw — Tributary' };

export default function WithdrawPage() {
  return (
    <>
      <h1 className="visually-hidden">Withdraw trETH to ETH</h1>
      <WithdrawApp />
    </>
  );
}

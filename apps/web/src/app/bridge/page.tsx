import type { Metadata } from 'next';
import { BridgeApp } from '@/components/BridgeApp';

export const metadata: Metadata = { title: 'Bridge trETH — Tributary' };

export default function BridgePage() {
  return (
    <>
      <h1 className="visually-hidden">Bridge trETH between chains</h1>
      <BridgeApp />
    </>
  );
}

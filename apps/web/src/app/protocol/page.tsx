import type { Metadata } from 'next';
import { ProtocolPage } from '@/components/ProtocolPage';

export const metadata: Metadata = { title: 'Protocol — Tributary' };

export default function Protocol() {
  return (
    <>
      <h1 className="visually-hidden">Tributary protocol figures</h1>
      <ProtocolPage />
    </>
  );
}

import { StakeApp } from '@/components/StakeApp';

export default function Home() {
  return (
    <>
      <h1 className="visually-hidden">Stake ETH with Tributary</h1>
      <StakeApp />
    </>
  );
}

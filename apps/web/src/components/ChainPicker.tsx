'use client';

import { type ChainName, chainNames, chains } from '@tributary/config';

interface ChainPickerProps {
  value: ChainName;
  onChange: (name: ChainName) => void;
  walletChainId?: number;
  /** Legend, and the radio group's name: two pickers on one form need their own. */
  legend?: string;
  name?: string;
  /** A chain that cannot be picked here (the bridge's other end). */
  excluded?: ChainName;
}

/** Radio buttons (arrow keys move between chains), styled as a segmented control. */
export function ChainPicker({ value, onChange, walletChainId, legend = 'Chain', name: group = 'chain', excluded }: ChainPickerProps) {
  return (
    <fieldset className="chain-picker">
      <legend>{legend}</legend>
      <div className="segments">
        {chainNames.map((name) => {
          const chain = chains[name];
          const disabled = name === excluded;
          return (
            <label key={name} className={`segment${name === value ? ' selected' : ''}${disabled ? ' disabled' : ''}`}>
              <input type="radio" name={group} value={name} checked={name === value} disabled={disabled} onChange={() => onChange(name)} />
              <span className="segment-label">{chain.label}</span>
              <span className="segment-role">
                {chain.role === 'hub' ? 'Hub' : 'Spoke'}
                {walletChainId === chain.chainId ? ' · wallet here' : ''}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

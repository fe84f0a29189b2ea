// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IWithdrawalVault} from "../shared/interfaces/IWithdrawalVault.sol";

/// @title WithdrawalVault
/// @notice The address in every validator's withdrawal credentials. Holds skimmed rewards and exited
///         balances until an oracle report pulls the reported amount into the pool.
contract WithdrawalVault is IWithdrawalVault {
    /// @inheritdoc IWithdrawalVault
    address public immutable POOL;

    constructor(address pool) {
        if (pool == address(0)) revert WithdrawalVault_ZeroPool();
        POOL = pool;
    }

    /// @dev Open to anyone: ETH here only counts once an oracle report includes it.
    receive() external payable {
        emit EtherReceived(msg.sender, msg.value);
    }

    /// @inheritdoc IWithdrawalVault
    function withdrawToPool(uint256 amount) external {
        if (msg.sender != POOL) revert WithdrawalVault_NotPool(msg.sender);
        uint256 available = address(this).balance;
        if (amount > available) revert WithdrawalVault_InsufficientBalance(amount, available);
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert WithdrawalVault_TransferFailed();
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ITrETH} from "../shared/interfaces/ITrETH.sol";

/// @title TrETH
/// @notice Hub trETH. Pooled ETH is tracked in storage, not read from the balance, so ETH sent to
///         the contract outside `depositETH` cannot move the rate.
/// @dev Walking-skeleton scope: the owner's `distributeRewards` stands in for the oracle.
contract TrETH is ITrETH, ERC20Permit, Ownable2Step {
    uint256 private constant RATE_UNIT = 1e18;

    /// @inheritdoc ITrETH
    uint256 public totalPooledEther;

    constructor(address owner_) ERC20("Tributary Staked ETH", "trETH") ERC20Permit("Tributary Staked ETH") Ownable(owner_) {}

    /// @inheritdoc ITrETH
    function depositETH(address receiver, uint256 minShares) external payable returns (uint256 shares) {
        if (msg.value == 0) revert TrETH_ZeroDeposit();
        if (receiver == address(0)) revert TrETH_ZeroReceiver();
        shares = previewDeposit(msg.value);
        if (shares < minShares || shares == 0) revert TrETH_InsufficientShares(shares, minShares);
        totalPooledEther += msg.value;
        _mint(receiver, shares);
        emit Deposited(msg.sender, receiver, msg.value, shares);
    }

    /// @notice Adds `msg.value` to the pool without minting: the rate rises for every holder.
    /// @dev Owner only, and only until the oracle takes over rate changes.
    function distributeRewards() external payable onlyOwner {
        if (msg.value == 0) revert TrETH_ZeroRewards();
        uint256 pooled = totalPooledEther + msg.value;
        totalPooledEther = pooled;
        emit RewardsDistributed(msg.value, pooled, getRate());
    }

    /// @inheritdoc ITrETH
    function previewDeposit(uint256 assets) public view returns (uint256) {
        uint256 supply = totalSupply();
        // Rounds down: the pool, not the depositor, keeps the remainder.
        return supply == 0 ? assets : Math.mulDiv(assets, supply, totalPooledEther);
    }

    /// @inheritdoc ITrETH
    function getRate() public view returns (uint256) {
        uint256 supply = totalSupply();
        return supply == 0 ? RATE_UNIT : Math.mulDiv(totalPooledEther, RATE_UNIT, supply);
    }
}
